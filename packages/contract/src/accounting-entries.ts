// Generates realistic accounting entries (ExportItemV3 payloads) of a Danish company keeping its
// books in DKK: card purchases and out-of-pocket expenses with VAT (reverse charge for foreign
// software, none reclaimable on foreign travel), supplier invoices with their invoice
// information and the supplier's bank account, mileage, and reimbursements that settle earlier
// expenses; service periods on subscriptions, stays and consulting; receipts (PDF, PNG, JPEG).
// Amounts are minor units. The same entry id always yields the same entry; vendors, people,
// teams, accounts and tags keep the same ids across a company's entries.
//
// The entry is the stored form: `_links` is empty and each file's `url` is a path on the fake
// (`/receipts/{accountingEntryId}/{fileName}`), because both depend on the request that reads the
// entry (its origin, the job, the moment of the fetch); the server fills them in when it answers.
// File sizes are the exact sizes of the receipt files the fake serves for them.
import {
  cardMerchants,
  contraAccounts,
  dkkPerUnit,
  expenseAccounts,
  guests,
  invoiceSuppliers,
  people,
  projects,
  taxAccounts,
  teams,
  trips,
  walletCurrency,
  type LedgerAccount,
  type SupplierRecord,
} from './accounting-data.ts'
import type { InvoiceStatus, TaxType } from './enums.ts'
import type { ExportItemFile, ExportItemLineV3, ExportItemV3 } from './export-item.ts'
import type { CurrencyCode } from './iso-codes.ts'
import { formatTimestamp } from './primitives.ts'
import { createRandom, type Random } from './random.ts'

export type EntryOptions = {
  companyId: string
  accountingEntryId: string
  /** Bookkeeping date, epoch ms. */
  date: number
  /** Include vendor and bookkeeping data (the job's option). */
  vendorBasedBookkeeping: boolean
}

export const receiptTypes = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
} as const
export type ReceiptKind = keyof typeof receiptTypes
const extensions: Record<ReceiptKind, string> = { pdf: 'pdf', png: 'png', jpeg: 'jpg' }
const receiptSizes: Record<ReceiptKind, [number, number]> = {
  pdf: [14_000, 90_000],
  png: [9_000, 60_000],
  jpeg: [6_000, 48_000],
}

/** Where the fake serves a receipt file (relative to its own origin). */
export function receiptPath(accountingEntryId: string, fileName: string): string {
  return `/receipts/${accountingEntryId}/${fileName}`
}

const day = 86_400_000
type Amount = ExportItemV3['amount']
type TaxRule = { type: TaxType; rate: number; code: string; reverse?: boolean }
type Context = { options: EntryOptions; random: Random; id: (kind: string, key: string) => string }

function amount(currency: CurrencyCode, value: number, walletValue: number): Amount {
  return {
    inSupplierCurrency: { currency, value },
    inWalletCurrency: { currency: walletCurrency, value: walletValue },
  }
}

const toWallet = (currency: CurrencyCode, value: number) =>
  Math.round(value * (dkkPerUnit[currency] ?? 1))

function taxRule(supplier: SupplierRecord): TaxRule {
  if (supplier.country === 'DK') return { type: 'inclusive', rate: 0.25, code: 'I25' }
  if (supplier.category === 'software' || supplier.category === 'consulting') {
    return { type: 'reverse', rate: 0.25, code: 'RC25', reverse: true }
  }
  return { type: 'inclusive', rate: 0, code: 'E0' }
}

function ledger(ctx: Context, account: LedgerAccount) {
  return {
    id: ctx.id('account', account.code),
    name: account.name,
    code: account.code,
    identifier: account.code,
  }
}

function line(
  ctx: Context,
  currency: CurrencyCode,
  gross: number,
  account: LedgerAccount,
  rule: TaxRule | undefined,
): ExportItemLineV3 {
  const team = ctx.random.pick(teams)
  const tags = [{ id: ctx.id('tag', team.name), code: team.name.toUpperCase(), groupCode: 'DEPT' }]
  if (ctx.random.next() < 0.3) {
    const project = ctx.random.pick(projects)
    tags.push({ id: ctx.id('tag', project), code: project, groupCode: 'PROJECT' })
  }
  const base = {
    accountingEntryLineId: ctx.random.uuid(),
    lineAmount: amount(currency, gross, toWallet(currency, gross)),
    account: ledger(ctx, account),
    tags,
  }
  if (!rule) return { ...base, netAmount: base.lineAmount, tax: null }
  const tax = rule.reverse
    ? Math.round(gross * rule.rate)
    : Math.round(gross - gross / (1 + rule.rate))
  const net = rule.reverse ? gross : gross - tax
  const walletTax = toWallet(currency, tax)
  const walletNet = rule.reverse
    ? base.lineAmount.inWalletCurrency.value
    : base.lineAmount.inWalletCurrency.value - walletTax
  return {
    ...base,
    netAmount: amount(currency, net, walletNet),
    tax: {
      id: ctx.id('tax', rule.code),
      amount: amount(currency, tax, walletTax),
      rate: rule.rate,
      type: rule.type,
      code: rule.code,
      ...(rule.rate > 0 ? { ingoingTaxAccount: taxAccounts.ingoing } : {}),
      ...(rule.reverse ? { outgoingTaxAccount: taxAccounts.outgoing } : {}),
    },
  }
}

function files(ctx: Context, kinds: ReceiptKind[], stem: string): ExportItemFile[] {
  return kinds.map((kind, i) => ({
    size: ctx.random.int(...receiptSizes[kind]),
    type: receiptTypes[kind],
    url: receiptPath(ctx.options.accountingEntryId, `${stem}-${i + 1}.${extensions[kind]}`),
  }))
}

function supplierOf(supplier: SupplierRecord) {
  return {
    account: supplier.vendor?.ledgerAccount ?? null,
    categoryCode: supplier.mcc,
    code: supplier.vendor?.code ?? null,
    country: supplier.country,
    name: supplier.name,
    taxIdentifier: supplier.vendor?.taxRegistrationNumber ?? null,
  }
}

function vendorOf(ctx: Context, supplier: SupplierRecord): ExportItemV3['vendor'] {
  const record = supplier.vendor
  if (!record || !ctx.options.vendorBasedBookkeeping) return null
  return {
    id: ctx.id('vendor', supplier.name),
    name: supplier.name,
    defaultCurrency: supplier.currency,
    code: record.code,
    country: supplier.country,
    ...(record.externalId ? { externalId: record.externalId } : {}),
    ...(record.registrationNumber ? { registrationNumber: record.registrationNumber } : {}),
    ...(record.taxRegistrationNumber
      ? { taxRegistrationNumber: record.taxRegistrationNumber }
      : {}),
  }
}

function monthOf(ms: number, offset = 0) {
  const d = new Date(ms)
  const from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1)
  const to = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset + 1, 0)
  return { from: formatTimestamp(from), to: formatTimestamp(to) }
}

type Shape = Omit<
  ExportItemV3,
  '_links' | 'accountingEntryId' | 'companyId' | 'date' | 'additionalInformation'
> & { additionalInformation?: Partial<ExportItemV3['additionalInformation']> }

function purchase(ctx: Context, type: 'card_purchase' | 'out_of_pocket', today: number): Shape {
  const { random } = ctx
  const supplier = random.pick(cardMerchants)
  const gross = random.int(...supplier.range)
  const rule = taxRule(supplier)
  const person = random.pick(people)
  const lines =
    supplier.category === 'accommodation'
      ? (() => {
          const breakfast = Math.round(gross * 0.12)
          return [
            line(ctx, supplier.currency, gross - breakfast, expenseAccounts.accommodation, rule),
            line(ctx, supplier.currency, breakfast, expenseAccounts.breakfast, rule),
          ]
        })()
      : [line(ctx, supplier.currency, gross, expenseAccounts[supplier.category], rule)]
  const nights = random.int(1, 4)
  const receipt: ReceiptKind =
    type === 'card_purchase' ? random.pick(['jpeg', 'jpeg', 'png', 'pdf'] as const) : 'jpeg'
  const kinds: ReceiptKind[] =
    supplier.category === 'accommodation'
      ? ['pdf', ...(random.next() < 0.5 ? (['jpeg'] as const) : [])]
      : [receipt, ...(random.next() < 0.15 ? (['png'] as const) : [])]
  return {
    type,
    amount: amount(supplier.currency, gross, toWallet(supplier.currency, gross)),
    accountingEntryLines: lines,
    additionalInformation: {
      attendees:
        supplier.category === 'meals' ? [person.name, ...guests.slice(0, random.int(1, 2))] : null,
    },
    contraAccount: ledger(
      ctx,
      type === 'card_purchase' ? contraAccounts.wallet : contraAccounts.employees,
    ),
    files: files(ctx, kinds, 'receipt'),
    note: `${supplier.name}: ${expenseAccounts[supplier.category].name.toLowerCase()}`,
    servicePeriod:
      supplier.category === 'software'
        ? monthOf(today)
        : supplier.category === 'accommodation'
          ? { from: formatTimestamp(today - nights * day), to: formatTimestamp(today) }
          : null,
    supplier: supplierOf(supplier),
    user: { id: ctx.id('user', person.name), name: person.name, code: person.code },
    vendor: vendorOf(ctx, supplier),
  }
}

const invoiceStatusesSeen: readonly InvoiceStatus[] = [
  'paid',
  'paid',
  'paid',
  'scheduled',
  'ready',
  'marked_as_paid',
  'payment_in_progress',
]

function invoice(ctx: Context, today: number): Shape {
  const { random } = ctx
  const supplier = random.pick(invoiceSuppliers)
  const gross = random.int(...supplier.range)
  const status = random.pick(invoiceStatusesSeen)
  const due = today + random.pick([14, 30]) * day
  const paid = status === 'paid' || status === 'marked_as_paid'
  const bank = supplier.bank
  return {
    type: 'invoice',
    amount: amount(supplier.currency, gross, toWallet(supplier.currency, gross)),
    accountingEntryLines: [
      line(ctx, supplier.currency, gross, expenseAccounts[supplier.category], taxRule(supplier)),
    ],
    additionalInformation: {
      invoiceInformation: {
        invoiceDate: formatTimestamp(today),
        invoiceNumber: `${supplier.vendor?.code ?? 'INV'}-${new Date(today).getUTCFullYear()}-${random.int(1000, 9999)}`,
        status,
        dueDate: formatTimestamp(due),
        paymentDate: paid ? formatTimestamp(due - random.int(0, 5) * day) : null,
        supplierBankAccount: bank
          ? {
              bankName: bank.bankName,
              country: bank.country,
              accountNumber: bank.accountNumber ?? null,
              bankCode: bank.bankCode ?? null,
              bic: bank.bic ?? null,
              iban: bank.iban ?? null,
            }
          : null,
      },
    },
    contraAccount: ledger(ctx, contraAccounts.payables),
    files: files(ctx, ['pdf', ...(random.next() < 0.2 ? (['png'] as const) : [])], 'invoice'),
    note: `${supplier.name}: ${expenseAccounts[supplier.category].name.toLowerCase()}`,
    servicePeriod:
      supplier.category === 'software' || supplier.category === 'consulting'
        ? monthOf(today, supplier.category === 'consulting' ? -1 : 0)
        : null,
    supplier: supplierOf(supplier),
    user: null,
    vendor: vendorOf(ctx, supplier),
  }
}

function mileage(ctx: Context): Shape {
  const km = ctx.random.int(12, 420)
  const value = km * 381
  const person = ctx.random.pick(people)
  return {
    type: 'mileage',
    amount: amount('DKK', value, value),
    accountingEntryLines: [line(ctx, 'DKK', value, expenseAccounts.mileage, undefined)],
    contraAccount: ledger(ctx, contraAccounts.employees),
    files: [],
    note: `${ctx.random.pick(trips)} (${km} km)`,
    supplier: null,
    user: { id: ctx.id('user', person.name), name: person.name, code: person.code },
    vendor: null,
  }
}

function reimbursement(ctx: Context): Shape {
  const { random } = ctx
  const value = random.int(15_000, 420_000)
  const person = random.pick(people)
  const settled = Array.from(
    { length: random.int(1, 3) },
    (_, i) => `P${random.int(10, 99)}${i}${random.int(1000, 9999)}`,
  )
  return {
    type: 'direct_reimbursement',
    subType: 'reimbursement_to_employee',
    amount: amount('DKK', value, value),
    accountingEntryLines: [line(ctx, 'DKK', value, contraAccounts.employees, undefined)],
    additionalInformation: { reconciledEntries: settled },
    contraAccount: ledger(ctx, contraAccounts.wallet),
    files: [],
    note: `Reimbursement to ${person.name}`,
    supplier: null,
    user: { id: ctx.id('user', person.name), name: person.name, code: person.code },
    vendor: null,
  }
}

export function generateAccountingEntry(options: EntryOptions): ExportItemV3 {
  const random = createRandom(options.accountingEntryId)
  const id = (kind: string, key: string) =>
    createRandom(`${options.companyId}/${kind}/${key}`).uuid()
  const ctx: Context = { options, random, id }
  const today = Math.floor(options.date / day) * day
  const kind = random.pick([
    'card_purchase',
    'card_purchase',
    'card_purchase',
    'card_purchase',
    'out_of_pocket',
    'invoice',
    'invoice',
    'mileage',
    'direct_reimbursement',
  ] as const)
  const shape =
    kind === 'invoice'
      ? invoice(ctx, today)
      : kind === 'mileage'
        ? mileage(ctx)
        : kind === 'direct_reimbursement'
          ? reimbursement(ctx)
          : purchase(ctx, kind, today)
  const team = random.pick(teams)
  const { additionalInformation, ...rest } = shape
  return {
    _links: {},
    accountingEntryId: options.accountingEntryId,
    companyId: options.companyId,
    date: formatTimestamp(options.date),
    ...rest,
    additionalInformation: {
      reconciliationId: `P${random.int(100000, 999999)}`,
      attendees: null,
      invoiceInformation: null,
      reconciledEntries: null,
      ...additionalInformation,
    },
    bookkeeping: options.vendorBasedBookkeeping
      ? { method: kind === 'invoice' ? 'accounts_payable' : 'journal' }
      : null,
    team: { id: id('team', team.name), name: team.name, code: team.code },
  }
}
