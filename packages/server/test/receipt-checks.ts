// Checks that bytes really are the file their type says, read independently of the renderers:
// a PDF whose cross-reference offsets each land on their object and whose startxref lands on
// the table; a PNG whose chunks have right CRCs and whose image data inflates (node:zlib) to the
// size its header promises; a JPEG that walks from SOI through well-formed segments to a baseline
// frame, a scan and EOI. Each returns what it read so tests can assert on it.
import { inflateSync } from 'node:zlib'
import { expect } from 'vitest'
import { crc32 } from '../src/receipts/png.ts'

export function checkPdf(bytes: Buffer): { objects: number; text: string } {
  const text = bytes.toString('latin1')
  expect(text.startsWith('%PDF-1.')).toBe(true)
  expect(text.endsWith('%%EOF\n')).toBe(true)
  const startxref = /startxref\n(\d+)\n%%EOF\n$/.exec(text)
  const xrefAt = Number(startxref?.[1])
  expect(text.slice(xrefAt, xrefAt + 5)).toBe('xref\n')
  const table = /^xref\n0 (\d+)\n/.exec(text.slice(xrefAt))
  const count = Number(table?.[1])
  const entries = text
    .slice(xrefAt + (table?.[0].length ?? 0))
    .split('\n')
    .slice(0, count)
  expect(entries[0]).toBe('0000000000 65535 f ')
  entries.slice(1).forEach((entry, i) => {
    expect(entry).toMatch(/^\d{10} 00000 n $/)
    const offset = Number(entry.slice(0, 10))
    expect(text.startsWith(`${i + 1} 0 obj\n`, offset), `object ${i + 1} at ${offset}`).toBe(true)
  })
  for (const match of text.matchAll(/\/Length (\d+) *>>\nstream\n/g)) {
    const start = (match.index ?? 0) + match[0].length
    expect(text.slice(start + Number(match[1]), start + Number(match[1]) + 10)).toBe('\nendstream')
  }
  return { objects: count - 1, text }
}

export function checkPng(bytes: Buffer): { width: number; height: number; text: string[] } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  let at = 8
  const types: string[] = []
  const idat: Buffer[] = []
  const text: string[] = []
  let width = 0
  let height = 0
  while (at < bytes.length) {
    const length = bytes.readUInt32BE(at)
    const type = bytes.toString('latin1', at + 4, at + 8)
    const data = bytes.subarray(at + 8, at + 8 + length)
    expect(bytes.readUInt32BE(at + 8 + length), `CRC of ${type}`).toBe(
      crc32(bytes.subarray(at + 4, at + 8 + length)),
    )
    types.push(type)
    if (type === 'IHDR') {
      width = data.readUInt32BE(0)
      height = data.readUInt32BE(4)
      expect([...data.subarray(8)]).toEqual([8, 0, 0, 0, 0])
    }
    if (type === 'IDAT') idat.push(data)
    if (type === 'tEXt') text.push(data.toString('latin1').replace('\0', ': '))
    at += 12 + length
  }
  expect(at).toBe(bytes.length)
  expect(types[0]).toBe('IHDR')
  expect(types[types.length - 1]).toBe('IEND')
  const scanlines = inflateSync(Buffer.concat(idat))
  expect(scanlines.length).toBe((width + 1) * height)
  for (let y = 0; y < height; y++) expect(scanlines[y * (width + 1)]).toBe(0)
  return { width, height, text }
}

export function checkJpeg(bytes: Buffer): { width: number; height: number; comments: string[] } {
  expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xd8])
  expect([...bytes.subarray(-2)]).toEqual([0xff, 0xd9])
  let at = 2
  const markers: number[] = []
  const comments: string[] = []
  let width = 0
  let height = 0
  for (;;) {
    expect(bytes[at]).toBe(0xff)
    const marker = bytes[at + 1] ?? 0
    const length = bytes.readUInt16BE(at + 2)
    const data = bytes.subarray(at + 4, at + 2 + length)
    markers.push(marker)
    if (marker === 0xfe) comments.push(data.toString('latin1'))
    if (marker === 0xc0) {
      height = data.readUInt16BE(1)
      width = data.readUInt16BE(3)
    }
    at += 2 + length
    if (marker === 0xda) break
  }
  expect(markers[0]).toBe(0xe0)
  for (const needed of [0xdb, 0xc0, 0xc4]) expect(markers).toContain(needed)
  // Entropy-coded data: every 0xFF is stuffed with 0x00 until the EOI marker.
  const scan = bytes.subarray(at, bytes.length - 2)
  expect(scan.length).toBeGreaterThan(0)
  scan.forEach((byte, i) => {
    if (byte === 0xff) expect(scan[i + 1]).toBe(0)
  })
  return { width, height, comments }
}
