// Generated accounting entries are valid ExportItemV3 payloads under the strict schema for any
// entry id, company, date and option, deterministic per entry id, and they add up (net plus tax
// is the gross amount, lines sum to the total). Invoices carry their invoice information,
// subscriptions and stays a service period, vendors and suppliers keep their codes and ids
// across a company's entries, and receipts are files on the fake.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { generateAccountingEntry, receiptPath, receiptTypes } from './accounting-entries.ts'
import { strictExportItemV3Schema, type ExportItemV3 } from './export-item.ts'

const demoCompany = '12abc3d4-e567-890e-1234-abc56e78fabc'
const options = (accountingEntryId: string, vendorBasedBookkeeping = false) => ({
  companyId: demoCompany,
  accountingEntryId,
  date: Date.UTC(2026, 2, 3, 14, 30),
  vendorBasedBookkeeping,
})
const entryArbitrary = fc.record({
  companyId: fc.uuid(),
  accountingEntryId: fc.uuid(),
  date: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }),
  vendorBasedBookkeeping: fc.boolean(),
})

/** Entries of `n` different ids (the same ids on every run). */
function sample(n: number, vendorBased = true): ExportItemV3[] {
  return Array.from({ length: n }, (_, i) =>
    generateAccountingEntry(
      options(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, vendorBased),
    ),
  )
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)

describe('generateAccountingEntry', () => {
  it('produces entries the strict ExportItemV3 schema accepts (property)', () => {
    fc.assert(
      fc.property(entryArbitrary, (entryOptions) => {
        const entry = generateAccountingEntry(entryOptions)
        const parsed = strictExportItemV3Schema.safeParse(entry)
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true)
        expect(JSON.parse(JSON.stringify(entry))).toEqual(entry)
      }),
      { numRuns: 1000 },
    )
  })

  it('adds up: lines sum to the total, net plus tax is the gross of a line (property)', () => {
    fc.assert(
      fc.property(entryArbitrary, (entryOptions) => {
        const entry = generateAccountingEntry(entryOptions)
        const lines = entry.accountingEntryLines
        expect(sum(lines.map((l) => l.lineAmount.inSupplierCurrency.value))).toBe(
          entry.amount.inSupplierCurrency.value,
        )
        for (const l of lines) {
          const gross = l.lineAmount.inSupplierCurrency.value
          const net = l.netAmount.inSupplierCurrency.value
          const tax = l.tax?.amount.inSupplierCurrency.value ?? 0
          if (l.tax?.type === 'reverse') expect(net).toBe(gross)
          else expect(net + tax).toBe(gross)
          expect(l.lineAmount.inWalletCurrency.currency).toBe('DKK')
        }
      }),
      { numRuns: 500 },
    )
  })

  it('follows the job option and the bookkeeping rules (property)', () => {
    fc.assert(
      fc.property(entryArbitrary, (entryOptions) => {
        const entry = generateAccountingEntry(entryOptions)
        if (!entryOptions.vendorBasedBookkeeping) {
          expect(entry.vendor).toBeNull()
          expect(entry.bookkeeping).toBeNull()
        } else {
          expect(entry.bookkeeping?.method).toBeDefined()
        }
        if (entry.bookkeeping?.method === 'accounts_payable') expect(entry.vendor).toBeTruthy()
        const isInvoice = entry.type === 'invoice'
        expect(Boolean(entry.additionalInformation.invoiceInformation)).toBe(isInvoice)
      }),
      { numRuns: 500 },
    )
  })

  it('is deterministic for an entry id and differs between ids', () => {
    const a = generateAccountingEntry(options('00000000-0000-4000-8000-000000000001'))
    expect(generateAccountingEntry(options('00000000-0000-4000-8000-000000000001'))).toEqual(a)
    expect(generateAccountingEntry(options('00000000-0000-4000-8000-000000000002'))).not.toEqual(a)
  })

  it('makes every kind of entry the generator knows, with files of every type', () => {
    const entries = sample(300)
    expect(new Set(entries.map((e) => e.type))).toEqual(
      new Set(['card_purchase', 'out_of_pocket', 'invoice', 'mileage', 'direct_reimbursement']),
    )
    const types = entries.flatMap((e) => e.files ?? []).map((f) => f?.type)
    expect(new Set(types)).toEqual(new Set(Object.values(receiptTypes)))
    const counts = new Set(entries.map((e) => e.files?.length))
    expect(counts).toEqual(new Set([0, 1, 2]))
    expect(entries.some((e) => e.vendor && e.vendor.externalId === undefined)).toBe(true)
    expect(entries.some((e) => e.vendor?.registrationNumber)).toBe(true)
  })

  it('gives invoices their invoice information and the supplier bank account', () => {
    const invoices = sample(200).filter((e) => e.type === 'invoice')
    expect(invoices.length).toBeGreaterThan(10)
    for (const entry of invoices) {
      const info = entry.additionalInformation.invoiceInformation
      if (!info) throw new Error('an invoice without invoice information')
      expect(info.invoiceNumber).toMatch(/^V\d{4}-2026-\d{4}$/)
      expect(info.invoiceDate).toBe('2026-03-03T00:00:00Z')
      expect(Date.parse(info.dueDate ?? '')).toBeGreaterThan(Date.parse(info.invoiceDate))
      const paid = info.status === 'paid' || info.status === 'marked_as_paid'
      expect(info.paymentDate === null).toBe(!paid)
      expect(info.supplierBankAccount?.bankName).toBeTruthy()
      expect(entry.bookkeeping?.method).toBe('accounts_payable')
      expect(entry.supplier?.code).toBe(entry.vendor?.code)
      expect(entry.supplier?.account).toMatch(/^5\d{4}$/)
      expect(entry.files?.[0]?.type).toBe('application/pdf')
    }
  })

  it('gives subscriptions a calendar month and hotel stays their nights as service period', () => {
    const entries = sample(300)
    const software = entries.filter((e) => e.accountingEntryLines[0]?.account?.code === '6820')
    const stays = entries.filter((e) => e.accountingEntryLines[0]?.account?.code === '7160')
    expect(software.length).toBeGreaterThan(5)
    expect(stays.length).toBeGreaterThan(5)
    for (const entry of software) {
      expect(entry.servicePeriod).toEqual({
        from: '2026-03-01T00:00:00Z',
        to: '2026-03-31T00:00:00Z',
      })
    }
    for (const entry of stays) {
      expect(entry.servicePeriod?.to).toBe('2026-03-03T00:00:00Z')
      expect(entry.accountingEntryLines).toHaveLength(2)
    }
    const mileage = entries.filter((e) => e.type === 'mileage')
    expect(mileage.every((e) => e.servicePeriod === undefined && e.files?.length === 0)).toBe(true)
  })

  it('writes tax accounts as codes, both of them under reverse charge', () => {
    const taxes = sample(300).flatMap((e) => e.accountingEntryLines.map((l) => l.tax))
    const reverse = taxes.filter((t) => t?.type === 'reverse')
    expect(reverse.length).toBeGreaterThan(5)
    for (const tax of reverse) {
      expect(tax).toMatchObject({ ingoingTaxAccount: '2610', outgoingTaxAccount: '2620' })
    }
    const domestic = taxes.filter((t) => t?.code === 'I25')
    expect(domestic.every((t) => t?.ingoingTaxAccount === '2610')).toBe(true)
    expect(domestic.every((t) => t && !('outgoingTaxAccount' in t))).toBe(true)
  })

  it('keeps vendor, user, team and account ids stable across a company, not across companies', () => {
    const entries = sample(200)
    const vendorIds = new Map<string, Set<string>>()
    for (const e of entries) {
      if (!e.vendor) continue
      const ids = vendorIds.get(e.vendor.name) ?? new Set()
      vendorIds.set(e.vendor.name, ids.add(e.vendor.id))
    }
    expect(vendorIds.size).toBeGreaterThan(3)
    for (const ids of vendorIds.values()) expect(ids.size).toBe(1)
    const other = generateAccountingEntry({
      ...options('00000000-0000-4000-8000-000000000000', true),
      companyId: '00000000-0000-4000-8000-00000000c0de',
    })
    const same = generateAccountingEntry(options('00000000-0000-4000-8000-000000000000', true))
    expect(other.team?.name).toBe(same.team?.name)
    expect(other.team?.id).not.toBe(same.team?.id)
  })

  it('points each file at the fake and subType only where the type has one', () => {
    for (const entry of sample(100)) {
      entry.files?.forEach((file, i) => {
        const name = file?.url.split('/').pop() ?? ''
        expect(file?.url).toBe(receiptPath(entry.accountingEntryId, name))
        expect(name).toMatch(new RegExp(`^(receipt|invoice)-${i + 1}\\.(pdf|png|jpg)$`))
      })
      expect(entry._links).toEqual({})
      if (entry.type === 'direct_reimbursement') {
        expect(entry.subType).toBe('reimbursement_to_employee')
        expect(entry.additionalInformation.reconciledEntries?.length).toBeGreaterThan(0)
      } else {
        expect('subType' in entry).toBe(false)
      }
    }
  })
})
