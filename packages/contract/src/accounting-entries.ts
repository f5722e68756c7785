// Generates realistic accounting entries (ExportItemV3 payloads): card purchases with VAT,
// supplier invoices with vendors, mileage and out-of-pocket expenses, in minor units, from a
// seed, so the same seed always yields the same books.
import type { ExportItemV3 } from './export-item.ts'
import { formatTimestamp } from './primitives.ts'
import { createRandom, type Random } from './random.ts'

const suppliers = [
  { name: 'Nordic Coffee Roasters', mcc: '5812', country: 'DK' },
  { name: 'SAS Scandinavian Airlines', mcc: '4511', country: 'SE' },
  { name: 'Clarion Hotel Copenhagen', mcc: '7011', country: 'DK' },
  { name: 'Amazon Web Services EMEA', mcc: '7372', country: 'LU' },
  { name: 'Office Depot', mcc: '5943', country: 'NL' },
  { name: 'Uber BV', mcc: '4121', country: 'NL' },
  { name: 'Figma Inc.', mcc: '5734', country: 'US' },
  { name: 'Deutsche Bahn', mcc: '4112', country: 'DE' },
] as const
const expenseAccounts = [
  { name: 'Meals and entertainment', code: '7140' },
  { name: 'Travel', code: '7150' },
  { name: 'Software subscriptions', code: '6820' },
  { name: 'Office supplies', code: '6810' },
  { name: 'Accommodation', code: '7160' },
] as const
const people = ['Astrid Nielsen', 'Jonas Berg', 'Maria Lopez', 'Oliver Hansen', 'Sofia Rossi']
const teams = ['Sales', 'Engineering', 'Marketing', 'Finance']
const currencies = ['DKK', 'EUR', 'SEK', 'GBP'] as const
const taxRates: Record<(typeof currencies)[number], number> = {
  DKK: 0.25,
  EUR: 0.21,
  SEK: 0.25,
  GBP: 0.2,
}

export type EntryOptions = {
  companyId: string
  accountingEntryId: string
  /** Bookkeeping date, epoch ms. */
  date: number
  vendorBasedBookkeeping: boolean
}

function money(currency: string, value: number) {
  return { currency, value }
}

function account(random: Random, entry: { name: string; code: string }) {
  return { id: random.uuid(), name: entry.name, code: entry.code, identifier: entry.code }
}

export function generateAccountingEntry(options: EntryOptions): ExportItemV3 {
  const random = createRandom(options.accountingEntryId)
  const type = random.pick([
    'card_purchase',
    'card_purchase',
    'out_of_pocket',
    'invoice',
    'mileage',
  ] as const)
  const supplier = random.pick(suppliers)
  const currency = random.pick(currencies)
  const rate = taxRates[currency]
  const gross = random.int(1_500, 250_000)
  const tax = Math.round(gross - gross / (1 + rate))
  const gl = random.pick(expenseAccounts)
  const person = random.pick(people)
  const total = {
    inSupplierCurrency: money(currency, gross),
    inWalletCurrency: money(currency, gross),
  }
  const net = {
    inSupplierCurrency: money(currency, gross - tax),
    inWalletCurrency: money(currency, gross - tax),
  }
  const taxAmount = {
    inSupplierCurrency: money(currency, tax),
    inWalletCurrency: money(currency, tax),
  }
  const isInvoice = type === 'invoice'
  const base = `https://app.pleo.io/export/${options.accountingEntryId}`
  return {
    _links: {
      web: { exportItem: base },
      mobile: { exportItem: `pleo://export/${options.accountingEntryId}` },
      api: { exportItem: `/v3/export-items?accounting_entry_id=${options.accountingEntryId}` },
    },
    accountingEntryId: options.accountingEntryId,
    companyId: options.companyId,
    date: formatTimestamp(options.date),
    type,
    subType: null,
    amount: total,
    accountingEntryLines: [
      {
        accountingEntryLineId: random.uuid(),
        lineAmount: total,
        netAmount: net,
        account: account(random, gl),
        tags: [{ id: random.uuid(), code: random.pick(teams).toUpperCase(), groupCode: 'DEPT' }],
        tax: {
          id: random.uuid(),
          amount: taxAmount,
          rate,
          type: 'inclusive',
          code: `VAT${Math.round(rate * 100)}`,
          ingoingTaxAccount: account(random, { name: 'Input VAT', code: '2610' }),
          outgoingTaxAccount: null,
        },
      },
    ],
    additionalInformation: {
      reconciliationId: `P${random.int(100000, 999999)}`,
      attendees: type === 'card_purchase' && gl.code === '7140' ? [person] : null,
      reconciledEntries: null,
    },
    bookkeeping: {
      method: options.vendorBasedBookkeeping && isInvoice ? 'accounts_payable' : 'journal',
    },
    contraAccount: account(random, {
      name: isInvoice ? 'Accounts payable' : 'Pleo wallet',
      code: isInvoice ? '2400' : '1960',
    }),
    files: [
      {
        size: random.int(20_000, 900_000),
        type: 'application/pdf',
        url: `https://files.pleo.io/receipts/${options.accountingEntryId}.pdf`,
      },
    ],
    note: `${supplier.name} – ${gl.name.toLowerCase()}`,
    supplier: {
      categoryCode: supplier.mcc,
      country: supplier.country,
      name: supplier.name,
      taxIdentifier: null,
    },
    team: { id: random.uuid(), name: random.pick(teams), code: null },
    user: { id: random.uuid(), name: person, code: null },
    vendor:
      options.vendorBasedBookkeeping || isInvoice
        ? {
            id: random.uuid(),
            name: supplier.name,
            defaultCurrency: currency,
            code: `V${random.int(1000, 9999)}`,
            country: supplier.country,
            externalId: null,
            registrationNumber: null,
            taxRegistrationNumber: null,
          }
        : null,
  }
}
