// ExportItemV3: the data layer, the full accounting payload of one entry (amounts, lines, tax,
// supplier, vendor, files), with every nested object of Pleo's v3 schema. The rules of Pleo's
// OpenAPI 3.0 document, encoded exactly: a property whose schema is marked nullable may be `null`;
// a plain optional property is omitted when it has no value and is never `null` (`subType`, the
// vendor's `code`, `externalId`, `registrationNumber`, `taxRegistrationNumber`, `country`, the
// tax accounts); required properties are required; the closed vocabularies are enums. Tax
// accounts are account codes (strings), not account objects.
//
// `exportItemV3Schema` ignores properties it does not know (a client reading real Pleo keeps
// working when Pleo adds one); `strictExportItemV3Schema` refuses them at every level, which is
// how the fake's own tests check that it sends nothing beyond the spec.
import { z } from 'zod'
import {
  bookkeepingMethods,
  exportItemSubTypes,
  exportItemTypes,
  invoiceStatuses,
  taxTypes,
} from './enums.ts'
import { countryCodes, currencyCodes } from './iso-codes.ts'
import { timestamp, uuid } from './primitives.ts'

export type ObjectOf = <S extends z.ZodRawShape>(shape: S) => z.ZodObject<S, z.core.$strip>

/** An optional property whose schema is nullable: absent, null or a value. */
export const nullableProperty = <T extends z.ZodType>(schema: T) => schema.nullable().optional()

/**
 * Every object of ExportItemV3, built with `objectOf` (z.object, or z.strictObject for the strict
 * variant). ExportItemV2 (export-item-v2.ts) reuses the parts v2 shares with v3.
 */
export function exportItemV3Parts(objectOf: ObjectOf) {
  const text = z.string()
  const nullable = nullableProperty
  /** ISO 3166-1 alpha-2 with Pleo's enum and a length of exactly 2 (which rules out UNDEFINED). */
  const twoLetterCountry = z.enum(countryCodes).refine((code) => code.length === 2, {
    error: 'must be a two-letter country code',
  })

  const money = objectOf({ currency: z.enum(currencyCodes), value: z.number() })
  const amount = objectOf({ inSupplierCurrency: money, inWalletCurrency: money })
  const account = objectOf({
    id: uuid,
    name: text,
    code: nullable(text),
    identifier: nullable(text),
  })
  const tag = objectOf({ id: uuid, code: text, groupCode: text })
  const tax = objectOf({
    id: uuid,
    amount,
    rate: z.number(),
    type: z.enum(taxTypes),
    code: nullable(text),
    ingoingTaxAccount: text.optional(),
    outgoingTaxAccount: text.optional(),
  })
  const line = objectOf({
    accountingEntryLineId: uuid,
    lineAmount: amount,
    netAmount: amount,
    account: nullable(account),
    tags: nullable(z.array(tag.nullable())),
    tax: nullable(tax),
  })
  const links = objectOf({
    api: z.record(text, text).optional(),
    mobile: z.record(text, text).optional(),
    web: z.record(text, text).optional(),
  })
  const supplierBankAccount = objectOf({
    bankName: text,
    country: twoLetterCountry,
    accountNumber: nullable(text),
    bankCode: nullable(text),
    bic: nullable(text),
    iban: nullable(text),
  })
  const invoiceInformation = objectOf({
    invoiceDate: timestamp,
    invoiceNumber: text,
    status: z.enum(invoiceStatuses),
    dueDate: nullable(timestamp),
    paymentDate: nullable(timestamp),
    supplierBankAccount: nullable(supplierBankAccount),
  })
  const additionalInformation = objectOf({
    reconciliationId: text,
    attendees: nullable(z.array(text.nullable())),
    invoiceInformation: nullable(invoiceInformation),
    reconciledEntries: nullable(
      z
        .array(text.nullable())
        .refine((entries) => new Set(entries).size === entries.length, 'must not repeat an entry'),
    ),
  })
  const file = objectOf({
    size: z.number().int().min(-2_147_483_648).max(2_147_483_647),
    type: text,
    url: text,
  })
  const supplier = objectOf({
    account: nullable(text),
    categoryCode: nullable(text),
    code: nullable(text),
    country: nullable(twoLetterCountry),
    name: nullable(text),
    taxIdentifier: nullable(text),
  })
  const person = objectOf({ id: uuid, name: text, code: nullable(text) })
  const vendor = objectOf({
    id: uuid,
    name: text,
    defaultCurrency: text.length(3),
    code: text.optional(),
    country: z.enum(countryCodes).optional(),
    externalId: text.optional(),
    registrationNumber: text.optional(),
    taxRegistrationNumber: text.optional(),
  })
  const bookkeeping = objectOf({ method: z.enum(bookkeepingMethods) })
  const servicePeriod = objectOf({ from: timestamp, to: timestamp })
  const exportItem = objectOf({
    _links: links,
    accountingEntryId: uuid,
    accountingEntryLines: z.array(line),
    additionalInformation,
    amount,
    bookkeeping: nullable(bookkeeping),
    companyId: uuid,
    contraAccount: nullable(account),
    date: timestamp,
    files: nullable(z.array(file.nullable())),
    note: nullable(text),
    servicePeriod: nullable(servicePeriod),
    subType: z.enum(exportItemSubTypes).optional(),
    supplier: nullable(supplier),
    team: nullable(person),
    type: z.enum(exportItemTypes),
    user: nullable(person),
    vendor: nullable(vendor),
  })
  return {
    exportItem,
    line,
    tax,
    vendor,
    file,
    invoiceInformation,
    money,
    amount,
    account,
    tag,
    links,
    additionalInformation,
    supplier,
    person,
    bookkeeping,
    servicePeriod,
  }
}

/** z.strictObject builds the same shapes (and output types); only unknown keys are treated apart. */
export const strictObjectOf = z.strictObject as unknown as ObjectOf

const loose = exportItemV3Parts(z.object)
const strict = exportItemV3Parts(strictObjectOf)

export const exportItemV3Schema = loose.exportItem
/** ExportItemV3 refusing any property the spec does not define, at every level. */
export const strictExportItemV3Schema = strict.exportItem
export const exportItemLineV3Schema = loose.line
export const taxV3Schema = loose.tax
export const vendorV3Schema = loose.vendor
export const exportItemFileSchema = loose.file
export const invoiceInformationV3Schema = loose.invoiceInformation
export const moneyModelSchema = loose.money

export type ExportItemV3 = z.infer<typeof exportItemV3Schema>
export type ExportItemLineV3 = z.infer<typeof exportItemLineV3Schema>
export type TaxV3 = z.infer<typeof taxV3Schema>
export type VendorV3 = z.infer<typeof vendorV3Schema>
export type ExportItemFile = z.infer<typeof exportItemFileSchema>
export type InvoiceInformationV3 = z.infer<typeof invoiceInformationV3Schema>
export type MoneyModel = z.infer<typeof moneyModelSchema>
