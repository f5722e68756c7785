// `serve --retain N` and `--journal-max-bytes N`: parsed into the fake's options (retain absent
// by default, so nothing is trimmed), out-of-range values are usage errors, and --help lists both.
import { describe, expect, it } from 'vitest'
import { UsageError } from '../src/args.ts'
import { parseServeArgs, serveHelp } from '../src/serve.ts'

describe('serve memory options', () => {
  it('retention guard: --retain is off unless given, and takes a whole number', () => {
    expect(parseServeArgs([]).retain).toBeUndefined()
    expect(parseServeArgs(['--retain', '500']).retain).toBe(500)
    expect(parseServeArgs(['--retain', '0']).retain).toBe(0)
    expect(() => parseServeArgs(['--retain', 'all'])).toThrow(UsageError)
  })

  it('journal-size guard: --journal-max-bytes defaults to 16 MiB and refuses tiny caps', () => {
    expect(parseServeArgs([]).journalMaxBytes).toBe(16 * 1024 * 1024)
    expect(parseServeArgs(['--journal-max-bytes', '1048576']).journalMaxBytes).toBe(1048576)
    expect(() => parseServeArgs(['--journal-max-bytes', '100'])).toThrow(UsageError)
  })

  it('lists both in --help', () => {
    expect(serveHelp).toContain('--retain N')
    expect(serveHelp).toContain('--journal-max-bytes N')
  })
})
