// Receipt files are real files of exactly the declared size: for any generated entry each file
// renders to the size its item declares, the same bytes every time, and reads back as a PDF (with
// exact cross-reference offsets), a PNG (right CRCs, image data that inflates) or a baseline JPEG
// carrying the entry's facts. Sizes near the points where a PDF's startxref gains a digit, and
// JPEGs larger than one comment segment, are exact too.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { generateAccountingEntry, receiptTypes } from '@fake-pleo/contract'
import { checkJpeg, checkPdf, checkPng } from '../../test/receipt-checks.ts'
import { receiptFacts } from './facts.ts'
import { renderJpeg } from './jpeg.ts'
import { renderPdf } from './pdf.ts'
import { renderPng } from './png.ts'
import { receiptNames, renderReceipt } from './render.ts'

const entry = (accountingEntryId: string) =>
  generateAccountingEntry({
    companyId: '12abc3d4-e567-890e-1234-abc56e78fabc',
    accountingEntryId,
    date: Date.UTC(2026, 2, 3),
    vendorBasedBookkeeping: true,
  })

describe('renderReceipt', () => {
  it('renders every declared file at its exact size, as the file its type says (property)', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        const item = entry(id)
        const names = receiptNames(item)
        expect(names).toHaveLength(item.files?.length ?? 0)
        for (const [i, name] of names.entries()) {
          const file = renderReceipt(item, name)
          const declared = item.files?.[i]
          expect(file?.type).toBe(declared?.type)
          expect(file?.bytes.length).toBe(declared?.size)
          const bytes = file?.bytes ?? Buffer.alloc(0)
          if (file?.type === receiptTypes.pdf) {
            expect(checkPdf(bytes).text).toContain(`(Accounting entry ${id})`)
          } else if (file?.type === receiptTypes.png) {
            expect(checkPng(bytes).text.join('\n')).toContain(`Comment: Accounting entry ${id}`)
          } else {
            expect(checkJpeg(bytes).comments.join('')).toContain(`Accounting entry ${id}`)
          }
          expect(renderReceipt(item, name)?.bytes.equals(bytes)).toBe(true)
        }
      }),
      { numRuns: 150 },
    )
  })

  it('shows the merchant, the date and the total', () => {
    const item = entry('00000000-0000-4000-8000-000000000001')
    const facts = receiptFacts(item)
    const text = checkPdf(renderPdf(facts, 20_000)).text
    expect(text).toContain(`(${item.supplier?.name})`)
    expect(text).toContain('(Date: 2026-03-03)')
    expect(text).toMatch(/\(Total: [\d,]+\.\d\d [A-Z]{3}\)/)
    expect(checkPng(renderPng(facts, 20_000)).text.join('\n')).toContain(
      `Description: 2026-03-03  Total: ${facts.total}`,
    )
  })

  it('knows only the files the item declares', () => {
    const item = entry('00000000-0000-4000-8000-000000000001')
    expect(renderReceipt(item, 'receipt-9.pdf')).toBeUndefined()
    expect(renderReceipt(item, '../../etc/passwd')).toBeUndefined()
  })

  it('hits sizes where the PDF startxref gains a digit, and JPEGs beyond one comment segment', () => {
    const facts = receiptFacts(entry('00000000-0000-4000-8000-000000000002'))
    // startxref sits a few hundred bytes before the end: sweep past 10 000 and 100 000 there.
    const crossings: number[] = []
    for (const from of [9_900, 99_900]) {
      let digits = 0
      for (let size = from; size <= from + 600; size++) {
        const pdf = renderPdf(facts, size)
        expect(pdf.length).toBe(size)
        const startxref = /startxref\n(\d+)/.exec(pdf.toString('latin1'))?.[1] ?? ''
        if (digits && startxref.length > digits) crossings.push(size)
        digits = startxref.length
      }
    }
    expect(crossings).toHaveLength(2)
    for (const size of crossings) checkPdf(renderPdf(facts, size))
    for (const size of [65_000, 65_540, 65_541, 65_542, 65_543, 131_080, 300_001]) {
      const jpeg = renderJpeg(facts, size)
      expect(jpeg.length).toBe(size)
      expect(checkJpeg(jpeg)).toMatchObject({ width: 48, height: 64 })
    }
    expect(checkPng(renderPng(facts, 1_000_000))).toMatchObject({ width: 120, height: 180 })
  })
})
