// The receipt files of an accounting entry: finds the file an item declares under a name and
// renders it, a real PDF, PNG or JPEG of exactly the size the item declares, the same bytes every
// time. Items from older databases whose files point elsewhere simply have no receipt here.
import { receiptPath, receiptTypes, type ExportItemV3 } from '@fake-pleo/contract'
import { receiptFacts } from './facts.ts'
import { renderJpeg } from './jpeg.ts'
import { renderPdf } from './pdf.ts'
import { renderPng } from './png.ts'

export type ReceiptFile = { fileName: string; type: string; bytes: Buffer }

const renderers: Record<string, typeof renderPdf> = {
  [receiptTypes.pdf]: renderPdf,
  [receiptTypes.png]: renderPng,
  [receiptTypes.jpeg]: renderJpeg,
}

/** The names of the receipt files the fake serves for an item, in the item's order. */
export function receiptNames(item: ExportItemV3): string[] {
  const prefix = receiptPath(item.accountingEntryId, '')
  return (item.files ?? []).flatMap((file) =>
    file?.url.startsWith(prefix) ? [file.url.slice(prefix.length)] : [],
  )
}

export function renderReceipt(item: ExportItemV3, fileName: string): ReceiptFile | undefined {
  const url = receiptPath(item.accountingEntryId, fileName)
  const file = (item.files ?? []).find((f) => f?.url === url)
  const render = file ? renderers[file.type] : undefined
  if (!file || !render) return undefined
  return { fileName, type: file.type, bytes: render(receiptFacts(item), file.size) }
}
