// The made-up books behind generated accounting entries: the suppliers a Danish company buys from
// (with the vendor record and bank account its ERP holds for some of them), its chart of
// accounts, tax codes, people and teams. Names of well-known merchants are real; every number
// (registration numbers, bank accounts, codes) is invented.
import type { CountryCode, CurrencyCode } from './iso-codes.ts'

export type Category =
  'meals' | 'travel' | 'transport' | 'accommodation' | 'software' | 'office' | 'consulting'

type VendorRecord = {
  code: string
  /** The creditor account of the supplier in the ERP. */
  ledgerAccount: string
  externalId?: string
  registrationNumber?: string
  taxRegistrationNumber?: string
}

type BankAccountRecord = {
  bankName: string
  country: CountryCode
  iban?: string
  bic?: string
  accountNumber?: string
  bankCode?: string
}

export type SupplierRecord = {
  name: string
  /** Merchant category code. */
  mcc: string
  country: CountryCode
  currency: CurrencyCode
  category: Category
  /** Gross amount range in minor units of `currency`. */
  range: [number, number]
  vendor?: VendorRecord
  bank?: BankAccountRecord
}

export const cardMerchants: readonly SupplierRecord[] = [
  {
    name: 'Nordic Coffee Roasters',
    mcc: '5812',
    country: 'DK',
    currency: 'DKK',
    category: 'meals',
    range: [4_500, 180_000],
    vendor: { code: 'V1001', ledgerAccount: '50101', registrationNumber: '31847265' },
  },
  {
    name: 'SAS Scandinavian Airlines',
    mcc: '4511',
    country: 'SE',
    currency: 'SEK',
    category: 'travel',
    range: [89_000, 640_000],
    vendor: {
      code: 'V1002',
      ledgerAccount: '50102',
      externalId: 'ERP-7731',
      taxRegistrationNumber: 'SE556701239801',
    },
  },
  {
    name: 'Clarion Hotel Copenhagen',
    mcc: '7011',
    country: 'DK',
    currency: 'DKK',
    category: 'accommodation',
    range: [120_000, 560_000],
    vendor: {
      code: 'V1003',
      ledgerAccount: '50103',
      externalId: 'ERP-7745',
      registrationNumber: '27418853',
      taxRegistrationNumber: 'DK27418853',
    },
  },
  {
    name: 'Amazon Web Services EMEA',
    mcc: '7372',
    country: 'LU',
    currency: 'EUR',
    category: 'software',
    range: [2_000, 95_000],
    vendor: {
      code: 'V1004',
      ledgerAccount: '50104',
      externalId: 'ERP-7802',
      registrationNumber: 'B186284',
      taxRegistrationNumber: 'LU26888617',
    },
  },
  {
    name: 'Office Depot',
    mcc: '5943',
    country: 'NL',
    currency: 'EUR',
    category: 'office',
    range: [1_500, 42_000],
  },
  {
    name: 'Uber BV',
    mcc: '4121',
    country: 'NL',
    currency: 'EUR',
    category: 'transport',
    range: [900, 9_500],
  },
  {
    name: 'Figma Inc.',
    mcc: '5734',
    country: 'US',
    currency: 'USD',
    category: 'software',
    range: [1_500, 45_000],
    vendor: { code: 'V1007', ledgerAccount: '50107', externalId: 'ERP-7810' },
  },
  {
    name: 'Deutsche Bahn',
    mcc: '4112',
    country: 'DE',
    currency: 'EUR',
    category: 'travel',
    range: [2_900, 24_000],
  },
]

export const invoiceSuppliers: readonly SupplierRecord[] = [
  {
    name: 'Kontorland ApS',
    mcc: '5111',
    country: 'DK',
    currency: 'DKK',
    category: 'office',
    range: [80_000, 1_200_000],
    vendor: {
      code: 'V2001',
      ledgerAccount: '50201',
      externalId: 'ERP-8120',
      registrationNumber: '41290387',
      taxRegistrationNumber: 'DK41290387',
    },
    bank: {
      bankName: 'Danske Bank',
      country: 'DK',
      accountNumber: '4180 3316749021',
      bankCode: '4180',
      iban: 'DK5041803316749021',
      bic: 'DABADKKK',
    },
  },
  {
    name: 'Bright Consulting A/S',
    mcc: '8999',
    country: 'DK',
    currency: 'DKK',
    category: 'consulting',
    range: [1_500_000, 9_800_000],
    vendor: {
      code: 'V2002',
      ledgerAccount: '50202',
      externalId: 'ERP-8133',
      registrationNumber: '39561204',
      taxRegistrationNumber: 'DK39561204',
    },
    bank: { bankName: 'Nordea', country: 'DK', iban: 'DK2920007291054418', bic: 'NDEADKKK' },
  },
  {
    name: 'Amazon Web Services EMEA',
    mcc: '7372',
    country: 'LU',
    currency: 'EUR',
    category: 'software',
    range: [40_000, 780_000],
    vendor: {
      code: 'V1004',
      ledgerAccount: '50104',
      externalId: 'ERP-7802',
      registrationNumber: 'B186284',
      taxRegistrationNumber: 'LU26888617',
    },
    bank: { bankName: 'Citibank Europe', country: 'LU', iban: 'LU280019400644750000' },
  },
  {
    name: 'CloudNorth Hosting AB',
    mcc: '7379',
    country: 'SE',
    currency: 'SEK',
    category: 'software',
    range: [120_000, 1_400_000],
    vendor: { code: 'V2004', ledgerAccount: '50204', taxRegistrationNumber: 'SE559102447601' },
    bank: {
      bankName: 'Svenska Handelsbanken',
      country: 'SE',
      accountNumber: '6789-123 456 789',
      bankCode: '6789',
      bic: 'HANDSESS',
    },
  },
]

export type LedgerAccount = { name: string; code: string }

export const expenseAccounts: Record<Category | 'mileage' | 'breakfast', LedgerAccount> = {
  meals: { name: 'Meals and entertainment', code: '7140' },
  breakfast: { name: 'Meals and entertainment', code: '7140' },
  travel: { name: 'Travel', code: '7150' },
  transport: { name: 'Travel', code: '7150' },
  accommodation: { name: 'Accommodation', code: '7160' },
  mileage: { name: 'Mileage allowance', code: '7170' },
  software: { name: 'Software subscriptions', code: '6820' },
  office: { name: 'Office supplies', code: '6810' },
  consulting: { name: 'Consulting fees', code: '6850' },
}

export const contraAccounts = {
  wallet: { name: 'Pleo DKK wallet', code: '1960' },
  payables: { name: 'Accounts payable', code: '2400' },
  employees: { name: 'Employee reimbursements payable', code: '2860' },
} as const satisfies Record<string, LedgerAccount>

/** Input VAT and output VAT accounts, as codes (Pleo's tax accounts are strings). */
export const taxAccounts = { ingoing: '2610', outgoing: '2620' } as const

/** The company's books are kept in DKK; amounts convert at these rates (DKK per unit). */
export const walletCurrency = 'DKK' as const
export const dkkPerUnit: Partial<Record<CurrencyCode, number>> = {
  DKK: 1,
  EUR: 7.46,
  SEK: 0.66,
  USD: 6.88,
}

export const people = [
  { name: 'Astrid Nielsen', code: 'E1001' },
  { name: 'Jonas Berg', code: 'E1002' },
  { name: 'Maria Lopez', code: 'E1003' },
  { name: 'Oliver Hansen', code: 'E1004' },
  { name: 'Sofia Rossi', code: 'E1005' },
] as const

export const teams = [
  { name: 'Sales', code: 'T100' },
  { name: 'Engineering', code: 'T200' },
  { name: 'Marketing', code: 'T300' },
  { name: 'Finance', code: null },
] as const

export const guests = ['Henrik Madsen (Acme A/S)', 'Lena Vogel (Brightline GmbH)', 'Peter Kim']
export const projects = ['P-2031', 'P-2044', 'P-2102']
export const trips = ['Client visit, Aarhus', 'Supplier meeting, Odense', 'Workshop, Aalborg']
