// `pnpm test:unit` leaves out exactly the suites that start real processes: every test file that
// spawns one (node:child_process, the CLI helpers of cli-process.ts), drives a browser or tmux, or runs a
// conformance plan is in vitest.unit.config.ts's list, and every entry of the list names such a
// file. `pnpm test` runs them all, most of them one after another in one process (the project
// `shared` of vitest.config.ts); a file that sets an environment variable or replaces a module
// (`vi.mock`) must be in vitest.config.ts's `isolatedFiles`, which run in processes of their own.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isolatedFiles, longestFirst } from '../vitest.config.ts'
import { processSuites } from '../vitest.unit.config.ts'

const root = fileURLToPath(new URL('..', import.meta.url))

const startsProcesses =
  /from 'node:child_process'|\b(spawnCli|runCli|startServe)\(|from 'puppeteer-core'|plan-run\.ts'|\btmux\b/

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : testFiles(path)
    return /\.test\.tsx?$/.test(entry.name) ? [relative(root, path)] : []
  })
}

/** A glob of the list as a regular expression: `**` any path, `*` any name part. */
const globRegex = (glob: string) =>
  new RegExp(
    `^${glob
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\*\*\//g, '(?:.*/)?')
      .replace(/\*/g, '[^/]*')}$`,
  )

const self = relative(root, fileURLToPath(import.meta.url))
const files = [...testFiles(join(root, 'packages')), ...testFiles(join(root, 'test'))].filter(
  (file) => file !== self,
)
const excluded = (file: string) => processSuites.some((glob) => globRegex(glob).test(file))

describe('pnpm test:unit', () => {
  it('leaves out every suite that starts a process', () => {
    const spawning = files.filter((file) =>
      startsProcesses.test(readFileSync(join(root, file), 'utf8')),
    )
    expect(spawning.length).toBeGreaterThan(10)
    expect(spawning.filter((file) => !excluded(file))).toEqual([])
  })

  it('leaves out nothing else', () => {
    for (const glob of processSuites) {
      const matched = files.filter((file) => globRegex(glob).test(file))
      expect(matched, glob).not.toEqual([])
      for (const file of matched) {
        expect(readFileSync(join(root, file), 'utf8'), file).toMatch(startsProcesses)
      }
    }
  })
})

/** What a file does that a process keeps for the files after it (vitest.config.ts, `shared`). */
const changesTheProcess =
  /\bprocess\.env\.\w+\s*=[^=]|\bprocess\.env\[[^\]]+\]\s*=[^=]|\bvi\.(mock|doMock)\(/

describe('pnpm test: the files that share one process', () => {
  it('leave out every file that sets an environment variable or replaces a module', () => {
    const changing = files.filter((file) =>
      changesTheProcess.test(readFileSync(join(root, file), 'utf8')),
    )
    expect(changing.length).toBeGreaterThan(0)
    expect(changing.filter((file) => !isolatedFiles.includes(file))).toEqual([])
  })

  it('isolate only files that exist', () => {
    for (const file of isolatedFiles) expect(files, file).toContain(file)
  })
})

describe('pnpm test: the files started first', () => {
  it('name files that exist (a renamed file would silently lose its place)', () => {
    for (const file of longestFirst) expect(files, file).toContain(file)
  })
})
