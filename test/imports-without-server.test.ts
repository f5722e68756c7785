// Importing the client, the race engine or the conformance kit does not load the server, and so
// not better-sqlite3 (DESIGN §2: only the server needs it; the race and the kit load it when they
// start a fake). Each import runs in a fresh Node process, which then says whether better-sqlite3
// is among its loaded modules; importing the server itself must say yes, or the check proves
// nothing. scripts/package-smoke.sh checks the same of the installed package.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)

const probe = (specifier: string) => `
import { createRequire } from 'node:module'
await import('${specifier}')
const loaded = Object.keys(createRequire(import.meta.url).cache)
console.log(loaded.some((path) => path.includes('better-sqlite3')) ? 'loaded' : 'not loaded')
`

async function loadsBetterSqlite(specifier: string): Promise<boolean> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', probe(specifier)],
    { cwd: new URL('..', import.meta.url) },
  )
  return stdout.trim() === 'loaded'
}

describe('which imports load better-sqlite3', () => {
  it.each(['@fake-pleo/client', '@fake-pleo/race', '@fake-pleo/conformance'])(
    '%s does not',
    async (specifier) => {
      expect(await loadsBetterSqlite(specifier)).toBe(false)
    },
  )

  it('@fake-pleo/server does (so the check can fail)', async () => {
    expect(await loadsBetterSqlite('@fake-pleo/server')).toBe(true)
  })
})
