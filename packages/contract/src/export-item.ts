// ExportItemV3: the data layer, the full accounting payload of one entry (amounts, lines, tax,
// supplier, vendor, files). The schema documents and checks what the fake generates.
import { z } from 'zod'
import { bookkeepingMethods, exportItemSubTypes, exportItemTypes, taxTypes } from './enums.ts'
import { timestamp, uuid } from './primitives.ts'

const money = z.object({ currency: z.string().regex(/^([A-Z]{3}|UNDEFINED)$/), value: z.number() })
const amount = z.object({ inSupplierCurrency: money, inWalletCurrency: money })
const account = z.object({
  id: uuid,
  name: z.string(),
  code: z.string().nullish(),
  identifier: z.string().nullish(),
})

export const accountingEntryLineSchema = z.object({
  accountingEntryLineId: uuid,
  lineAmount: amount,
  netAmount: amount,
  account: account.nullish(),
  tags: z.array(z.object({ id: uuid, code: z.string(), groupCode: z.string() })).nullish(),
  tax: z
    .object({
      id: uuid,
      amount,
      rate: z.number(),
      type: z.enum(taxTypes),
      code: z.string().nullish(),
      ingoingTaxAccount: account.nullish(),
      outgoingTaxAccount: account.nullish(),
    })
    .nullish(),
})

export const exportItemV3Schema = z.object({
  _links: z.object({
    web: z.record(z.string(), z.string()),
    mobile: z.record(z.string(), z.string()),
    api: z.record(z.string(), z.string()),
  }),
  accountingEntryId: uuid,
  companyId: uuid,
  date: timestamp,
  type: z.enum(exportItemTypes),
  subType: z.enum(exportItemSubTypes).nullish(),
  amount,
  accountingEntryLines: z.array(accountingEntryLineSchema),
  additionalInformation: z.object({
    reconciliationId: z.string(),
    attendees: z.array(z.string()).nullish(),
    reconciledEntries: z.array(z.string()).nullish(),
  }),
  bookkeeping: z.object({ method: z.enum(bookkeepingMethods) }).nullish(),
  contraAccount: account.nullish(),
  files: z.array(z.object({ size: z.number().int(), type: z.string(), url: z.string() })).nullish(),
  note: z.string().nullish(),
  supplier: z
    .object({
      categoryCode: z.string().nullish(),
      country: z.string().nullish(),
      name: z.string().nullish(),
      taxIdentifier: z.string().nullish(),
    })
    .nullish(),
  team: z.object({ id: uuid, name: z.string(), code: z.string().nullish() }).nullish(),
  user: z.object({ id: uuid, name: z.string(), code: z.string().nullish() }).nullish(),
  vendor: z
    .object({
      id: uuid,
      name: z.string(),
      defaultCurrency: z.string().length(3),
      code: z.string().nullish(),
      country: z.string().nullish(),
      externalId: z.string().nullish(),
      registrationNumber: z.string().nullish(),
      taxRegistrationNumber: z.string().nullish(),
    })
    .nullish(),
})
export type ExportItemV3 = z.infer<typeof exportItemV3Schema>
