// The error catalogue's per-item messages: their exact text is wire output (the `errors` list of
// a batch item update), so a change to it must be deliberate.
import { describe, expect, it } from 'vitest'
import { itemError } from './errors.ts'

const context = {
  accountingEntryId: '11111111-1111-4111-8111-111111111111',
  jobId: '22222222-2222-4222-8222-222222222222',
}

describe('itemError', () => {
  it('names the unknown accounting entry', () => {
    expect(itemError('ACCOUNTING_ENTRY_DOES_NOT_EXIST', context)).toEqual({
      accountingEntryId: context.accountingEntryId,
      type: 'ACCOUNTING_ENTRY_DOES_NOT_EXIST',
      message: `Accounting entry ${context.accountingEntryId} does not exist.`,
    })
  })

  it('names the entry and the job it is not part of', () => {
    expect(itemError('EXPORT_ENTRY_STATUS_UPDATE_FAILED', context)).toEqual({
      accountingEntryId: context.accountingEntryId,
      type: 'EXPORT_ENTRY_STATUS_UPDATE_FAILED',
      message: `Accounting entry ${context.accountingEntryId} is not part of export job ${context.jobId}.`,
    })
  })
})
