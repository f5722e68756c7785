// `serve --gc lean|node` (decision 0024): lean is the default and sets V8 flags this Node's V8
// really knows (setFlagsFromString ignores a name it does not know, so a renamed flag would
// silently do nothing), node sets none, and anything else is a usage error.
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { UsageError } from '../src/args.ts'
import { applyGcMode, leanGcFlags } from '../src/gc-mode.ts'
import { parseServeArgs, serveHelp } from '../src/serve.ts'

describe('serve --gc', () => {
  it('is lean unless told otherwise, and refuses an unknown mode', () => {
    expect(parseServeArgs([]).gc).toBe('lean')
    expect(parseServeArgs(['--gc', 'node']).gc).toBe('node')
    expect(() => parseServeArgs(['--gc', 'fast'])).toThrow(UsageError)
    expect(serveHelp).toContain('--gc lean|node')
  })

  it('lean sets each of its flags, node sets none', () => {
    const lean: string[] = []
    applyGcMode('lean', (flag) => lean.push(flag))
    expect(lean).toEqual(['--semi-space-growth-factor=1', '--heap-growing-percent=30'])
    const node: string[] = []
    applyGcMode('node', (flag) => node.push(flag))
    expect(node).toEqual([])
  })

  it("lean's flags are names this Node's V8 knows", () => {
    const known = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' })
    for (const flag of leanGcFlags) {
      const name = flag.slice(2).split('=')[0]!
      expect(known).toMatch(new RegExp(`^\\s*--${name} `, 'm'))
    }
  })
})
