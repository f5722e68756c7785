// A one-page PDF receipt (PDF 1.4, Helvetica, no dependencies): the merchant, the title, the
// date, the lines and the total as text, the entry id in the document information. It is padded
// to an exact size with an unreferenced filler stream; every cross-reference offset is exact.
import type { ReceiptFacts } from './facts.ts'

const latin1 = (text: string) => Buffer.from(text, 'latin1')

/** A PDF literal string: backslashes and parentheses escaped. */
const literal = (text: string) => `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`

/** `/Length n` in a fixed width, so the size of the file grows one byte per byte of filler. */
const fixedLength = (n: number) => `/Length ${String(n).padEnd(10, ' ')}`

function content(facts: ReceiptFacts): string {
  const text = [
    'BT',
    '/F1 15 Tf',
    '28 370 Td',
    '16 TL',
    `${literal(facts.merchant)} Tj`,
    '/F1 10 Tf',
    `T* ${literal(facts.title)} Tj`,
    `T* ${literal(`Date: ${facts.date}`)} Tj`,
    'T* T*',
    ...facts.lines.map((line) => `${literal(line)} Tj T*`),
    '/F1 12 Tf',
    `T* ${literal(`Total: ${facts.total}`)} Tj`,
    '/F1 7 Tf',
    `T* T* ${literal(`Accounting entry ${facts.accountingEntryId}`)} Tj`,
    'ET',
  ]
  return ['0.6 w 28 352 m 270 352 l S', ...text].join('\n')
}

function build(facts: ReceiptFacts, filler: number, slack: number): Buffer {
  const stream = content(facts)
  const info = `<< /Title ${literal(`${facts.title} - ${facts.merchant}`)} /Subject ${literal(facts.accountingEntryId)} /Producer (fake-pleo) >>`
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 298 420] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< ${fixedLength(stream.length)} >>\nstream\n${stream}\nendstream`,
    info,
    `<< ${fixedLength(filler)} >>\nstream\n${'\n'.repeat(filler)}\nendstream`,
  ]
  const parts: Buffer[] = [latin1('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')]
  let offset = parts[0]?.length ?? 0
  const offsets: number[] = []
  objects.forEach((body, i) => {
    const object = latin1(`${i + 1} 0 obj\n${body}\nendobj\n`)
    offsets.push(offset)
    parts.push(object)
    offset += object.length
  })
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R${' '.repeat(slack)} >>`,
    'startxref',
    String(offset),
    '%%EOF',
    '',
  ].join('\n')
  parts.push(latin1(xref))
  return Buffer.concat(parts)
}

/** A PDF of exactly `size` bytes (or its smallest form, when `size` is smaller than that). */
export function renderPdf(facts: ReceiptFacts, size: number): Buffer {
  // Each byte of filler adds a byte, except where the startxref number gains a digit (two).
  let filler = Math.max(0, size - build(facts, 0, 0).length)
  let pdf = build(facts, filler, 0)
  while (pdf.length > size && filler > 0) pdf = build(facts, --filler, 0)
  while (pdf.length < size) {
    const next = build(facts, filler + size - pdf.length, 0)
    if (next.length > size) break
    filler += size - pdf.length
    pdf = next
  }
  // One byte short across a digit boundary: one more space in the trailer, after the table.
  return pdf.length === size - 1 ? build(facts, filler, 1) : pdf
}
