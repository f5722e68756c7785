// A PNG receipt: a small greyscale picture of a till slip (a dark header, lines of "text" whose
// lengths come from the entry id, a total) compressed with node:zlib, and the facts as tEXt
// chunks. It is padded to an exact size inside the Comment chunk, which carries the entry id.
import { deflateSync } from 'node:zlib'
import { createRandom } from '@fake-pleo/contract'
import type { ReceiptFacts } from './facts.ts'

const width = 120
const height = 180
const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

/** CRC-32 as PNG defines it (ISO 3309). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

const text = (keyword: string, value: string) =>
  chunk('tEXt', Buffer.from(`${keyword}\0${value}`, 'latin1'))

/** Scanlines (filter byte 0, then one grey byte per pixel) of the slip. */
function pixels(facts: ReceiptFacts): Buffer {
  const random = createRandom(`receipt:${facts.accountingEntryId}`)
  const rows = Buffer.alloc((width + 1) * height, 0xfa)
  const fill = (x0: number, y0: number, w: number, h: number, grey: number) => {
    for (let y = y0; y < y0 + h; y++) {
      const row = y * (width + 1)
      rows[row] = 0
      rows.fill(grey, row + 1 + x0, row + 1 + x0 + w)
    }
  }
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0
  fill(0, 0, width, 22, 0x30)
  for (let line = 0; line < 9; line++) {
    fill(10, 34 + line * 12, random.int(30, 96), 5, 0x80)
    fill(104, 34 + line * 12, 8, 5, 0x80)
  }
  fill(10, 150, width - 20, 2, 0x20)
  fill(10, 158, 48, 7, 0x20)
  fill(76, 158, 34, 7, 0x20)
  return rows
}

/** A PNG of exactly `size` bytes (or its smallest form, when `size` is smaller than that). */
export function renderPng(facts: ReceiptFacts, size: number): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 0, 0, 0, 0], 8) // 8-bit greyscale, deflate, adaptive filtering, no interlace
  const before = Buffer.concat([
    signature,
    chunk('IHDR', header),
    text('Title', `${facts.title} - ${facts.merchant}`),
    text('Description', `${facts.date}  Total: ${facts.total}`),
  ])
  const after = Buffer.concat([
    chunk('IDAT', deflateSync(pixels(facts))),
    chunk('IEND', Buffer.alloc(0)),
  ])
  const comment = `Accounting entry ${facts.accountingEntryId}`
  const smallest = before.length + text('Comment', comment).length + after.length
  const filler = ' '.repeat(Math.max(0, size - smallest))
  return Buffer.concat([before, text('Comment', comment + filler), after])
}
