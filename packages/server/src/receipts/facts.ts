// What a receipt file shows, read from the stored accounting entry: the merchant, the date, the
// total and its lines, the invoice number, and the entry id. Text is kept to printable ASCII so
// every renderer can write it as it is.
import type { ExportItemV3, MoneyModel } from '@fake-pleo/contract'

export type ReceiptFacts = {
  accountingEntryId: string
  title: string
  merchant: string
  /** YYYY-MM-DD */
  date: string
  total: string
  lines: string[]
}

const ascii = (text: string) => text.replace(/[^\x20-\x7e]/g, '?')

export function formatMoney(money: MoneyModel): string {
  const value = (money.value / 100).toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })
  return `${value} ${money.currency}`
}

export function receiptFacts(item: ExportItemV3): ReceiptFacts {
  const invoice = item.additionalInformation.invoiceInformation
  const lines = item.accountingEntryLines.map((line) => {
    const vat = line.tax ? `, VAT ${formatMoney(line.tax.amount.inSupplierCurrency)}` : ''
    return `${line.account?.name ?? 'Expense'}: ${formatMoney(line.lineAmount.inSupplierCurrency)}${vat}`
  })
  return {
    accountingEntryId: item.accountingEntryId,
    title: invoice ? `Invoice ${invoice.invoiceNumber}` : 'Receipt',
    merchant: ascii(item.supplier?.name ?? item.note ?? 'Pleo expense'),
    date: item.date.slice(0, 10),
    total: formatMoney(item.amount.inSupplierCurrency),
    lines: lines.map(ascii),
  }
}
