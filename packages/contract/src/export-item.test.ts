// The ExportItemV3 schema encodes Pleo's spec exactly. One valid item with every property, then
// one change per test: optional non-nullable fields refuse null (the departures the fake used to
// make), tax accounts are strings, nullable fields accept null, required fields are required,
// enums are closed, and the strict variant refuses unknown properties at every level.
import { describe, expect, it } from 'vitest'
import { exportItemV3Schema, strictExportItemV3Schema } from './export-item.ts'

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const money = (value: number) => ({
  inSupplierCurrency: { currency: 'EUR', value },
  inWalletCurrency: { currency: 'DKK', value: Math.round(value * 7.46) },
})

/** A valid item with every property the spec defines. */
function fullItem(): Record<string, unknown> {
  return {
    _links: {
      web: { exportItem: 'https://fake.test/_sim/export-items/x' },
      mobile: { exportItem: 'https://fake.test/_sim/export-items/x?view=mobile' },
      api: { exportItem: 'https://fake.test/v3/export-items?job_id=y' },
    },
    accountingEntryId: id(1),
    companyId: id(2),
    date: '2026-03-03T00:00:00Z',
    type: 'invoice',
    subType: 'invoice_payment_sent',
    amount: money(10_000),
    accountingEntryLines: [
      {
        accountingEntryLineId: id(3),
        lineAmount: money(10_000),
        netAmount: money(10_000),
        account: { id: id(4), name: 'Software', code: '6820', identifier: '6820' },
        tags: [{ id: id(5), code: 'SALES', groupCode: 'DEPT' }],
        tax: {
          id: id(6),
          amount: money(2_500),
          rate: 0.25,
          type: 'reverse',
          code: 'RC25',
          ingoingTaxAccount: '2610',
          outgoingTaxAccount: '2620',
        },
      },
    ],
    additionalInformation: {
      reconciliationId: 'P123456',
      attendees: ['Astrid Nielsen'],
      reconciledEntries: ['P111111'],
      invoiceInformation: {
        invoiceDate: '2026-03-03T00:00:00Z',
        invoiceNumber: 'INV-1',
        status: 'paid',
        dueDate: '2026-04-02T00:00:00Z',
        paymentDate: '2026-04-01T00:00:00Z',
        supplierBankAccount: {
          bankName: 'Citibank Europe',
          country: 'LU',
          accountNumber: null,
          bankCode: null,
          bic: 'CITILULX',
          iban: 'LU280019400644750000',
        },
      },
    },
    bookkeeping: { method: 'accounts_payable' },
    contraAccount: { id: id(7), name: 'Accounts payable', code: '2400', identifier: null },
    files: [{ size: 2084, type: 'application/pdf', url: 'https://fake.test/receipts/x/a.pdf' }],
    note: 'AWS',
    servicePeriod: { from: '2026-03-01T00:00:00Z', to: '2026-03-31T00:00:00Z' },
    supplier: {
      account: '50104',
      categoryCode: '7372',
      code: 'V1004',
      country: 'LU',
      name: 'Amazon Web Services EMEA',
      taxIdentifier: 'LU26888617',
    },
    team: { id: id(8), name: 'Engineering', code: 'T200' },
    user: { id: id(9), name: 'Astrid Nielsen', code: null },
    vendor: {
      id: id(10),
      name: 'Amazon Web Services EMEA',
      defaultCurrency: 'EUR',
      code: 'V1004',
      country: 'LU',
      externalId: 'ERP-7802',
      registrationNumber: 'B186284',
      taxRegistrationNumber: 'LU26888617',
    },
  }
}

/** The item with one property (a path of keys and indexes) set to `value`, or removed. */
function withValue(path: (string | number)[], value: unknown, remove = false): unknown {
  const item = fullItem() as Record<string | number, unknown>
  let node = item
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  const last = path[path.length - 1] as string | number
  if (remove) delete node[last]
  else node[last] = value
  return item
}

const valid = (item: unknown) => strictExportItemV3Schema.safeParse(item).success
const line = ['accountingEntryLines', 0]
const tax = [...line, 'tax']
const invoice = ['additionalInformation', 'invoiceInformation']

describe('ExportItemV3 schema', () => {
  it('accepts an item with every property, strictly and loosely', () => {
    expect(strictExportItemV3Schema.parse(fullItem())).toEqual(fullItem())
    expect(exportItemV3Schema.parse(fullItem())).toEqual(fullItem())
  })

  describe('optional, non-nullable fields are omitted when empty, never null', () => {
    const fields: [string, (string | number)[], unknown][] = [
      ['subType', ['subType'], 'interest'],
      ['vendor.code', ['vendor', 'code'], 'V1'],
      ['vendor.externalId', ['vendor', 'externalId'], 'E1'],
      ['vendor.registrationNumber', ['vendor', 'registrationNumber'], '12345678'],
      ['vendor.taxRegistrationNumber', ['vendor', 'taxRegistrationNumber'], 'DK12345678'],
      ['vendor.country', ['vendor', 'country'], 'DK'],
      ['tax.ingoingTaxAccount', [...tax, 'ingoingTaxAccount'], '2610'],
      ['tax.outgoingTaxAccount', [...tax, 'outgoingTaxAccount'], '2620'],
    ]
    for (const [name, path, good] of fields) {
      it(`${name}: null and a wrong type are refused; absent or a value is accepted`, () => {
        expect(valid(withValue(path, null)), 'null').toBe(false)
        expect(valid(withValue(path, 42)), 'a number').toBe(false)
        expect(valid(withValue(path, { code: String(good) })), 'an object').toBe(false)
        expect(valid(withValue(path, undefined, true)), 'absent').toBe(true)
        expect(valid(withValue(path, good)), 'a value').toBe(true)
      })
    }
  })

  it('regression: ingoingTaxAccount.code read on the fake, undefined on Pleo: tax accounts are codes', () => {
    const asObject = { id: id(11), name: 'Input VAT', code: '2610' }
    expect(valid(withValue([...tax, 'ingoingTaxAccount'], asObject))).toBe(false)
    expect(valid(withValue([...tax, 'outgoingTaxAccount'], asObject))).toBe(false)
    const parsed = strictExportItemV3Schema.parse(fullItem())
    expect(typeof parsed.accountingEntryLines[0]?.tax?.ingoingTaxAccount).toBe('string')
  })

  it('fields the spec marks nullable accept null', () => {
    const nullable: (string | number)[][] = [
      ['bookkeeping'],
      ['contraAccount'],
      ['files'],
      ['files', 0],
      ['note'],
      ['servicePeriod'],
      ['supplier'],
      ['team'],
      ['user'],
      ['vendor'],
      [...line, 'account'],
      [...line, 'tags'],
      [...line, 'tags', 0],
      [...line, 'account', 'code'],
      [...line, 'account', 'identifier'],
      [...tax, 'code'],
      [...line, 'tax'],
      ['additionalInformation', 'attendees'],
      ['additionalInformation', 'attendees', 0],
      ['additionalInformation', 'reconciledEntries'],
      invoice,
      [...invoice, 'dueDate'],
      [...invoice, 'paymentDate'],
      [...invoice, 'supplierBankAccount'],
      [...invoice, 'supplierBankAccount', 'iban'],
      ['supplier', 'account'],
      ['supplier', 'code'],
      ['supplier', 'country'],
      ['supplier', 'taxIdentifier'],
      ['team', 'code'],
      ['user', 'code'],
    ]
    for (const path of nullable) expect(valid(withValue(path, null)), path.join('.')).toBe(true)
  })

  it('required fields are required', () => {
    const required: (string | number)[][] = [
      ['_links'],
      ['accountingEntryId'],
      ['accountingEntryLines'],
      ['additionalInformation'],
      ['amount'],
      ['companyId'],
      ['date'],
      ['type'],
      ['amount', 'inWalletCurrency'],
      ['amount', 'inSupplierCurrency', 'currency'],
      [...line, 'accountingEntryLineId'],
      [...line, 'netAmount'],
      [...tax, 'rate'],
      [...tax, 'type'],
      ['additionalInformation', 'reconciliationId'],
      [...invoice, 'invoiceNumber'],
      [...invoice, 'status'],
      [...invoice, 'supplierBankAccount', 'country'],
      ['files', 0, 'size'],
      ['servicePeriod', 'to'],
      ['vendor', 'defaultCurrency'],
      ['bookkeeping', 'method'],
      ['team', 'name'],
    ]
    for (const path of required) {
      expect(valid(withValue(path, undefined, true)), path.join('.')).toBe(false)
    }
    for (const optional of [
      ['_links', 'web'],
      ['_links', 'api'],
      ['supplier', 'name'],
    ]) {
      expect(valid(withValue(optional, undefined, true)), optional.join('.')).toBe(true)
    }
  })

  it('closed vocabularies are enums', () => {
    const cases: [(string | number)[], unknown, unknown][] = [
      [['type'], 'card_purchase', 'purchase'],
      [['subType'], 'reimbursement_to_company', 'refund'],
      [[...tax, 'type'], 'inclusive', 'included'],
      [['bookkeeping', 'method'], 'none', 'ledger'],
      [[...invoice, 'status'], 'failed_payment', 'unpaid'],
      [['amount', 'inSupplierCurrency', 'currency'], 'UNDEFINED', 'XYZ'],
      [['amount', 'inWalletCurrency', 'currency'], 'SEK', 'sek'],
      [['supplier', 'country'], 'SE', 'XX'],
      // SupplierV3 and SupplierBankAccount also require two letters, which rules UNDEFINED out.
      [['supplier', 'country'], 'DE', 'UNDEFINED'],
      [[...invoice, 'supplierBankAccount', 'country'], 'DK', 'UNDEFINED'],
      // VendorV3's CountryCode has no length, so UNDEFINED is one of its values.
      [['vendor', 'country'], 'UNDEFINED', 'Denmark'],
      [['vendor', 'defaultCurrency'], 'DKK', 'DK'],
    ]
    for (const [path, good, bad] of cases) {
      expect(valid(withValue(path, good)), `${path.join('.')} = ${String(good)}`).toBe(true)
      expect(valid(withValue(path, bad)), `${path.join('.')} = ${String(bad)}`).toBe(false)
    }
  })

  it('types: dates are date-times, ids UUIDs, sizes int32, links maps of strings', () => {
    expect(valid(withValue([...invoice, 'invoiceDate'], '2026-03-03T00:00:00Z'))).toBe(true)
    expect(valid(withValue([...invoice, 'invoiceDate'], 'March 3rd'))).toBe(false)
    expect(valid(withValue(['servicePeriod', 'from'], 1767225600))).toBe(false)
    expect(valid(withValue(['vendor', 'id'], 'V1004'))).toBe(false)
    expect(valid(withValue(['files', 0, 'size'], 20.5))).toBe(false)
    expect(valid(withValue(['files', 0, 'size'], 2 ** 31))).toBe(false)
    expect(valid(withValue(['_links', 'web', 'exportItem'], 42))).toBe(false)
    expect(valid(withValue(['additionalInformation', 'reconciledEntries'], ['P1', 'P1']))).toBe(
      false,
    )
  })

  it('the strict variant refuses unknown properties at every level; the loose one drops them', () => {
    const paths: (string | number)[][] = [
      ['extra'],
      ['vendor', 'extra'],
      [...tax, 'extra'],
      [...invoice, 'supplierBankAccount', 'extra'],
      ['files', 0, 'extra'],
      ['amount', 'inSupplierCurrency', 'extra'],
    ]
    for (const path of paths) {
      const item = withValue(path, 'x')
      expect(valid(item), path.join('.')).toBe(false)
      expect(exportItemV3Schema.parse(item)).toEqual(fullItem())
    }
  })
})
