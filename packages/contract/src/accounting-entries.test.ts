// Generated accounting entries are valid ExportItemV3 payloads, deterministic per entry id, and
// add up: net plus tax equals the gross amount.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { generateAccountingEntry } from './accounting-entries.ts'
import { exportItemV3Schema } from './export-item.ts'

const options = (accountingEntryId: string, vendorBasedBookkeeping = false) => ({
  companyId: '12abc3d4-e567-890e-1234-abc56e78fabc',
  accountingEntryId,
  date: Date.UTC(2026, 2, 3),
  vendorBasedBookkeeping,
})

describe('generateAccountingEntry', () => {
  it('produces payloads that satisfy the ExportItemV3 schema and balance', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.boolean(), (id, vendorBased) => {
        const entry = generateAccountingEntry(options(id, vendorBased))
        expect(exportItemV3Schema.safeParse(entry).success).toBe(true)
        const line = entry.accountingEntryLines[0]
        const gross = entry.amount.inSupplierCurrency.value
        expect(line?.netAmount.inSupplierCurrency.value).toBeLessThan(gross)
        expect(
          (line?.netAmount.inSupplierCurrency.value ?? 0) +
            (line?.tax?.amount.inSupplierCurrency.value ?? 0),
        ).toBe(gross)
        if (entry.bookkeeping?.method === 'accounts_payable') expect(entry.vendor).not.toBeNull()
      }),
      { numRuns: 200 },
    )
  })

  it('is deterministic for an entry id and differs between ids', () => {
    const a = generateAccountingEntry(options('00000000-0000-4000-8000-000000000001'))
    expect(generateAccountingEntry(options('00000000-0000-4000-8000-000000000001'))).toEqual(a)
    expect(generateAccountingEntry(options('00000000-0000-4000-8000-000000000002'))).not.toEqual(a)
  })
})
