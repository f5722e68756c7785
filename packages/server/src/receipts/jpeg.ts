// A baseline JPEG receipt "photo": a 48×64 greyscale picture of a slip made of flat 8×8 blocks
// (so only DC coefficients are coded, with the standard luminance DC Huffman table), whose
// pattern comes from the entry id. A comment segment carries the facts and the entry id and pads
// the file to an exact size.
import { createRandom } from '@fake-pleo/contract'
import type { ReceiptFacts } from './facts.ts'

const blocksWide = 6
const blocksHigh = 8
const dcQuant = 8
const maxCommentPayload = 65_533

const segment = (marker: number, data: Buffer) => {
  const head = Buffer.from([0xff, marker, 0, 0])
  head.writeUInt16BE(data.length + 2, 2)
  return Buffer.concat([head, data])
}

// The JPEG standard's luminance DC table (Annex K.3): code counts per length 1..16, then symbols.
const dcCounts = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
const dcSymbols = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
// The AC table holds one code, '0', for end-of-block: every block is flat.
const acCounts = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]

/** Canonical Huffman codes (Annex C) of the DC table: symbol → [code, length]. */
function dcCodes(): Map<number, [number, number]> {
  const codes = new Map<number, [number, number]>()
  let code = 0
  let k = 0
  dcCounts.forEach((count, i) => {
    for (let n = 0; n < count; n++) codes.set(dcSymbols[k++] ?? 0, [code++, i + 1])
    code <<= 1
  })
  return codes
}

function bitWriter() {
  const bytes: number[] = []
  let current = 0
  let used = 0
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) {
      current = (current << 1) | ((value >> i) & 1)
      if (++used === 8) {
        bytes.push(current)
        if (current === 0xff) bytes.push(0) // byte stuffing
        current = 0
        used = 0
      }
    }
  }
  const finish = () => {
    if (used > 0) put(0xff, 8 - used) // pad the last byte with 1-bits
    return Buffer.from(bytes)
  }
  return { put, finish }
}

/** Grey levels of the blocks, row by row: a dark header, lines of "text", a total. */
function blocks(facts: ReceiptFacts): number[] {
  const random = createRandom(`receipt:${facts.accountingEntryId}`)
  const levels: number[] = []
  for (let row = 0; row < blocksHigh; row++) {
    const textWidth = random.int(2, blocksWide - 1)
    for (let col = 0; col < blocksWide; col++) {
      if (row === 0) levels.push(56)
      else if (row === blocksHigh - 1) levels.push(col >= 3 ? 40 : 232)
      else levels.push(col > 0 && col <= textWidth && row % 2 === 1 ? 150 : 246)
    }
  }
  return levels
}

function scan(facts: ReceiptFacts): Buffer {
  const codes = dcCodes()
  const bits = bitWriter()
  let previous = 0
  for (const level of blocks(facts)) {
    // A flat block of grey g has the DC coefficient 8·(g − 128); quantised by 8: g − 128.
    const dc = Math.round((8 * (level - 128)) / dcQuant)
    const diff = dc - previous
    previous = dc
    const category = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1
    const [code, length] = codes.get(category) ?? [0, 0]
    bits.put(code, length)
    if (category > 0) bits.put(diff > 0 ? diff : diff + (1 << category) - 1, category)
    bits.put(0, 1) // end of block
  }
  return bits.finish()
}

function comments(text: string, padding: number): Buffer[] {
  const room = maxCommentPayload - text.length
  let extra = Math.max(0, padding - room)
  if (extra > 0 && extra < 4) extra = 4 // a further comment segment is at least 4 bytes
  const first = segment(0xfe, Buffer.from(text + ' '.repeat(padding - extra), 'latin1'))
  const rest: Buffer[] = []
  const count = Math.ceil(extra / (maxCommentPayload + 4))
  for (let i = 0; i < count; i++) {
    const share = Math.floor(extra / count) + (i < extra % count ? 1 : 0)
    rest.push(segment(0xfe, Buffer.alloc(share - 4, 0x20)))
  }
  return [first, ...rest]
}

/** A JPEG of exactly `size` bytes (or its smallest form, when `size` is smaller than that). */
export function renderJpeg(facts: ReceiptFacts, size: number): Buffer {
  const jfif = segment(0xe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]))
  const quant = segment(0xdb, Buffer.from([0, dcQuant, ...Array<number>(63).fill(16)]))
  const frame = Buffer.from([8, 0, blocksHigh * 8, 0, blocksWide * 8, 1, 1, 0x11, 0])
  const huffman = segment(
    0xc4,
    Buffer.from([0x00, ...dcCounts, ...dcSymbols, 0x10, ...acCounts, 0x00]),
  )
  const startOfScan = segment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0]))
  const text = `${facts.title} - ${facts.merchant}; ${facts.date}; Total: ${facts.total}; Accounting entry ${facts.accountingEntryId}`
  const build = (padding: number) =>
    Buffer.concat([
      Buffer.from([0xff, 0xd8]),
      jfif,
      ...comments(text, padding),
      quant,
      segment(0xc0, frame),
      huffman,
      startOfScan,
      scan(facts),
      Buffer.from([0xff, 0xd9]),
    ])
  const smallest = build(0)
  return size > smallest.length ? build(size - smallest.length) : smallest
}
