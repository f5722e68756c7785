// The ExportItemV2 schema encodes Pleo's v2 schema exactly, and toExportItemV2 derives it from a
// stored ExportItemV3. One valid v2 item with every property (written from Pleo's v2 schemas),
// then one change per test: what v2 has that v3 has not (teamCode, a free-text nullable subType,
// a nullable user id), what v3 has that v2 has not (contraAccount, tax accounts), vendor that may
// be left out but not be null, and the strict variant refusing unknown properties at every level.
import { describe, expect, it } from 'vitest'
import { exportItemV2Schema, strictExportItemV2Schema, toExportItemV2 } from './export-item-v2.ts'
import { strictExportItemV3Schema, type ExportItemV3 } from './export-item.ts'

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const money = (value: number) => ({
  inSupplierCurrency: { currency: 'EUR', value },
  inWalletCurrency: { currency: 'DKK', value: Math.round(value * 7.46) },
})
const links = {
  web: { exportItem: 'https://fake.test/_sim/export-items/x' },
  mobile: { exportItem: 'https://fake.test/_sim/export-items/x?view=mobile' },
  api: { exportItem: 'https://fake.test/v2/export-items?job_id=y' },
}
const additionalInformation = {
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
}
const supplier = {
  account: '50104',
  categoryCode: '7372',
  code: 'V1004',
  country: 'LU',
  name: 'Amazon Web Services EMEA',
  taxIdentifier: 'LU26888617',
}
const vendor = {
  id: id(10),
  name: 'Amazon Web Services EMEA',
  defaultCurrency: 'EUR',
  code: 'V1004',
  country: 'LU',
  externalId: 'ERP-7802',
  registrationNumber: 'B186284',
  taxRegistrationNumber: 'LU26888617',
}
const account = { id: id(4), name: 'Software', code: '6820', identifier: '6820' }
const tags = [{ id: id(5), code: 'SALES', groupCode: 'DEPT' }]

/** A valid v2 item with every property Pleo's v2 schema defines. */
function fullItem(): Record<string, unknown> {
  return {
    _links: links,
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
        account,
        tags,
        tax: { id: id(6), amount: money(2_500), rate: 0.25, type: 'reverse', code: 'RC25' },
      },
    ],
    additionalInformation,
    bookkeeping: { method: 'accounts_payable' },
    files: [{ size: 2084, type: 'application/pdf', url: 'https://fake.test/receipts/x/a.pdf' }],
    note: 'AWS',
    servicePeriod: { from: '2026-03-01T00:00:00Z', to: '2026-03-31T00:00:00Z' },
    supplier,
    team: { id: id(8), name: 'Engineering', code: 'T200' },
    teamCode: 'T200',
    user: { id: id(9), name: 'Astrid Nielsen', code: null },
    vendor,
  }
}

function withValue(path: (string | number)[], value: unknown, remove = false): unknown {
  const item = structuredClone(fullItem()) as Record<string | number, unknown>
  let node = item
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  const last = path[path.length - 1] as string | number
  if (remove) delete node[last]
  else node[last] = value
  return item
}

const valid = (item: unknown) => strictExportItemV2Schema.safeParse(item).success
const tax = ['accountingEntryLines', 0, 'tax']

describe('ExportItemV2 schema', () => {
  it('accepts an item with every property, strictly and loosely', () => {
    expect(strictExportItemV2Schema.parse(fullItem())).toEqual(fullItem())
    expect(exportItemV2Schema.parse(fullItem())).toEqual(fullItem())
  })

  it('has no contraAccount and no tax accounts (v3 only)', () => {
    expect(valid(withValue(['contraAccount'], { id: id(7), name: 'Payables' }))).toBe(false)
    expect(valid(withValue([...tax, 'ingoingTaxAccount'], '2610'))).toBe(false)
    expect(valid(withValue([...tax, 'outgoingTaxAccount'], '2620'))).toBe(false)
  })

  it('teamCode is an optional, nullable string', () => {
    expect(valid(withValue(['teamCode'], null))).toBe(true)
    expect(valid(withValue(['teamCode'], undefined, true))).toBe(true)
    expect(valid(withValue(['teamCode'], 200))).toBe(false)
  })

  it('subType is a nullable string without an enum (v3 closes it and refuses null)', () => {
    expect(valid(withValue(['subType'], null))).toBe(true)
    expect(valid(withValue(['subType'], 'anything Pleo adds'))).toBe(true)
    expect(valid(withValue(['subType'], 3))).toBe(false)
  })

  it('user.id may be null but not left out', () => {
    expect(valid(withValue(['user', 'id'], null))).toBe(true)
    expect(valid(withValue(['user', 'id'], undefined, true))).toBe(false)
    expect(valid(withValue(['user', 'name'], undefined, true))).toBe(false)
    expect(valid(withValue(['user'], null))).toBe(true)
  })

  it('vendor may be left out but is never null (VendorV2 is not nullable)', () => {
    expect(valid(withValue(['vendor'], null))).toBe(false)
    expect(valid(withValue(['vendor'], undefined, true))).toBe(true)
    for (const field of ['code', 'externalId', 'registrationNumber', 'taxRegistrationNumber']) {
      expect(valid(withValue(['vendor', field], null)), field).toBe(false)
      expect(valid(withValue(['vendor', field], undefined, true)), field).toBe(true)
    }
    expect(valid(withValue(['vendor', 'defaultCurrency'], undefined, true))).toBe(false)
  })

  it('supplier keeps its country in v2', () => {
    expect(valid(withValue(['supplier', 'country'], 'DK'))).toBe(true)
    expect(valid(withValue(['supplier', 'country'], null))).toBe(true)
    expect(valid(withValue(['supplier', 'country'], 'XX'))).toBe(false)
  })

  it('fields Pleo marks nullable accept null; required fields are required', () => {
    const nullable = [
      ['bookkeeping'],
      ['files'],
      ['note'],
      ['servicePeriod'],
      ['supplier'],
      ['team'],
      ['accountingEntryLines', 0, 'account'],
      ['accountingEntryLines', 0, 'tags'],
      tax,
      [...tax, 'code'],
      ['additionalInformation', 'invoiceInformation'],
    ]
    for (const path of nullable) expect(valid(withValue(path, null)), path.join('.')).toBe(true)
    const required = [
      ['_links'],
      ['accountingEntryId'],
      ['accountingEntryLines'],
      ['additionalInformation'],
      ['amount'],
      ['companyId'],
      ['date'],
      ['type'],
      [...tax, 'id'],
      [...tax, 'rate'],
      ['team', 'id'],
    ]
    for (const path of required) {
      expect(valid(withValue(path, undefined, true)), path.join('.')).toBe(false)
    }
    expect(valid(withValue(['team', 'id'], null))).toBe(false)
  })

  it('the strict variant refuses unknown properties at every level; the loose one drops them', () => {
    for (const path of [['extra'], ['vendor', 'extra'], [...tax, 'extra'], ['user', 'extra']]) {
      const item = withValue(path, 'x')
      expect(valid(item), path.join('.')).toBe(false)
      expect(exportItemV2Schema.parse(item)).toEqual(fullItem())
    }
  })
})

describe('toExportItemV2', () => {
  /** A v3 item of the same entry: contra account, tax accounts, no teamCode. */
  function v3Item(): ExportItemV3 {
    const rest = fullItem()
    delete rest.teamCode
    return strictExportItemV3Schema.parse({
      ...rest,
      contraAccount: { id: id(7), name: 'Accounts payable', code: '2400', identifier: null },
      accountingEntryLines: [
        {
          accountingEntryLineId: id(3),
          lineAmount: money(10_000),
          netAmount: money(10_000),
          account,
          tags,
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
    })
  }

  it('drops contraAccount and the tax accounts, adds teamCode, keeps everything else', () => {
    const v2 = toExportItemV2(v3Item())
    expect(strictExportItemV2Schema.parse(v2)).toEqual(fullItem())
    expect(v2).not.toHaveProperty('contraAccount')
    expect(v2.accountingEntryLines[0]?.tax).not.toHaveProperty('ingoingTaxAccount')
  })

  it('sends subType and teamCode as null when the entry has none, and leaves a null vendor out', () => {
    const item = v3Item()
    delete item.subType
    const v2 = toExportItemV2({ ...item, team: null, vendor: null })
    expect(valid(v2)).toBe(true)
    expect(v2.subType).toBeNull()
    expect(v2.teamCode).toBeNull()
    expect(v2).not.toHaveProperty('vendor')
    expect(JSON.parse(JSON.stringify(v2))).toMatchObject({ subType: null, teamCode: null })
  })

  it('teamCode follows team.code, null when the team has no code', () => {
    const item = v3Item()
    expect(toExportItemV2({ ...item, team: { id: id(8), name: 'Ops', code: null } }).teamCode).toBe(
      null,
    )
    expect(toExportItemV2({ ...item, team: { id: id(8), name: 'Ops', code: 'T9' } }).teamCode).toBe(
      'T9',
    )
  })
})
