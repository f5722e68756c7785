// ExportItemV2: Pleo's v2 shape of the data layer, and how the fake derives it from the stored
// ExportItemV3 (one entry, two shapes). Field by field from Pleo's v2 schemas, with the same rules
// as v3 (nullable may be `null`; plain optional is omitted, never `null`); what differs from v3:
// - no `contraAccount`; tax lines have no `ingoingTaxAccount` / `outgoingTaxAccount` (TaxV2);
// - `teamCode` (nullable): the team's code, next to `team`;
// - `subType` is a nullable string (no enum): sent as `null` when the entry has none;
// - `user.id` may be `null` (ExportItemUserV2), though the key stays required;
// - `vendor` (VendorV2) is not nullable: omitted when the entry has no vendor.
// Amounts, accounts, tags, files, links, supplier (with `country`), team, bookkeeping, service
// period and additional information are shaped as in v3, so their parts are shared.
import { z } from 'zod'
import { exportItemTypes, taxTypes } from './enums.ts'
import {
  exportItemV3Parts,
  nullableProperty as nullable,
  strictObjectOf,
  type ExportItemV3,
  type ObjectOf,
} from './export-item.ts'
import { timestamp, uuid } from './primitives.ts'

function exportItemV2Parts(objectOf: ObjectOf) {
  const v3 = exportItemV3Parts(objectOf)
  const text = z.string()
  const tax = objectOf({
    id: uuid,
    amount: v3.amount,
    rate: z.number(),
    type: z.enum(taxTypes),
    code: nullable(text),
  })
  const line = objectOf({
    accountingEntryLineId: uuid,
    lineAmount: v3.amount,
    netAmount: v3.amount,
    account: nullable(v3.account),
    tags: nullable(z.array(v3.tag.nullable())),
    tax: nullable(tax),
  })
  const user = objectOf({ id: uuid.nullable(), name: text, code: nullable(text) })
  const exportItem = objectOf({
    _links: v3.links,
    accountingEntryId: uuid,
    accountingEntryLines: z.array(line),
    additionalInformation: v3.additionalInformation,
    amount: v3.amount,
    bookkeeping: nullable(v3.bookkeeping),
    companyId: uuid,
    date: timestamp,
    files: nullable(z.array(v3.file.nullable())),
    note: nullable(text),
    servicePeriod: nullable(v3.servicePeriod),
    subType: nullable(text),
    supplier: nullable(v3.supplier),
    team: nullable(v3.person),
    teamCode: nullable(text),
    type: z.enum(exportItemTypes),
    user: nullable(user),
    vendor: v3.vendor.optional(),
  })
  return { exportItem, line, tax, user }
}

const loose = exportItemV2Parts(z.object)
const strict = exportItemV2Parts(strictObjectOf)

/** ExportItemV2, ignoring properties it does not know (as a client of Pleo should). */
export const exportItemV2Schema = loose.exportItem
/** ExportItemV2 refusing any property Pleo's v2 schema does not define, at every level. */
export const strictExportItemV2Schema = strict.exportItem
export const exportItemLineV2Schema = loose.line
export const taxV2Schema = loose.tax

export type ExportItemV2 = z.infer<typeof exportItemV2Schema>
export type ExportItemLineV2 = z.infer<typeof exportItemLineV2Schema>
export type TaxV2 = z.infer<typeof taxV2Schema>

function toLineV2(line: ExportItemV3['accountingEntryLines'][number]): ExportItemLineV2 {
  const { tax } = line
  return {
    accountingEntryLineId: line.accountingEntryLineId,
    lineAmount: line.lineAmount,
    netAmount: line.netAmount,
    account: line.account,
    tags: line.tags,
    tax: tax
      ? { id: tax.id, amount: tax.amount, rate: tax.rate, type: tax.type, code: tax.code }
      : tax,
  }
}

/** The v2 shape of a stored (v3) export item, field by field. */
export function toExportItemV2(item: ExportItemV3): ExportItemV2 {
  return {
    _links: item._links,
    accountingEntryId: item.accountingEntryId,
    accountingEntryLines: item.accountingEntryLines.map(toLineV2),
    additionalInformation: item.additionalInformation,
    amount: item.amount,
    bookkeeping: item.bookkeeping,
    companyId: item.companyId,
    date: item.date,
    files: item.files,
    note: item.note,
    servicePeriod: item.servicePeriod,
    subType: item.subType ?? null,
    supplier: item.supplier,
    team: item.team,
    teamCode: item.team?.code ?? null,
    type: item.type,
    user: item.user,
    ...(item.vendor ? { vendor: item.vendor } : {}),
  }
}
