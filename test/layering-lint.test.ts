// The layering of DESIGN §2 is enforced by `pnpm lint`: the workspace's own ESLint config
// (eslint.config.js with eslint.layering.js), run through ESLint's Node API on snippets placed in
// each package, reports every forbidden import and lets the allowed ones through. Type-aware
// parsing is off and only the two import rules run, so the snippets need not exist on disk.
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))

const eslint = new ESLint({
  cwd: root,
  overrideConfig: {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: false } },
  },
  ruleFilter: ({ ruleId }) => ruleId === 'layering/packages' || ruleId === 'no-restricted-imports',
})

/** The messages (rule: text) ESLint reports for `code` as the file at `path`. */
async function lint(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {}\n`, { filePath: `${root}${path}` })
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`)
}

describe('package layering (DESIGN §2)', () => {
  it('reports a package importing one its layer does not name', async () => {
    const cases: [string, string, RegExp][] = [
      ['/packages/contract/src/x.test.ts', '@fake-pleo/server', /contract may not import/],
      ['/packages/server/src/x.ts', '@fake-pleo/client', /server → contract\)/],
      ['/packages/client/src/x.ts', '@fake-pleo/server', /client → contract\)/],
      ['/packages/client/src/claimer/x.ts', '@fake-pleo/race', /client may not import/],
      ['/packages/race/src/x.ts', '@fake-pleo/tui', /race may not import @fake-pleo\/tui/],
      ['/packages/tui/src/x.ts', '@fake-pleo/server', /tui may not import @fake-pleo\/server/],
      ['/packages/conformance/src/x.ts', '@fake-pleo/cli', /conformance may not import/],
      ['/packages/server/src/x.ts', 'fake-pleo', /server may not import fake-pleo/],
    ]
    for (const [path, source, message] of cases) {
      const reported = await lint(path, `import '${source}'`)
      expect(reported, `${path} → ${source}`).toHaveLength(1)
      expect(reported[0], `${path} → ${source}`).toMatch(message)
    }
  })

  it('lets the imports DESIGN §2 allows through', async () => {
    const cases: [string, string][] = [
      ['/packages/server/src/x.ts', "import { errorBody } from '@fake-pleo/contract'"],
      ['/packages/race/src/x.ts', "import { createPleoClient } from '@fake-pleo/client'"],
      ['/packages/race/src/x.ts', "import { createClaimer } from '@fake-pleo/client/claimer'"],
      ['/packages/tui/src/x.tsx', "import { scenario } from '@fake-pleo/race'"],
      ['/packages/conformance/src/x.ts', "import { createFakePleo } from '@fake-pleo/server'"],
      ['/packages/cli/src/x.ts', "import { runConformance } from '@fake-pleo/conformance'"],
      ['/packages/fake-pleo/src/x.ts', "export * from '@fake-pleo/cli'"],
      // Tests may start a fake to test against.
      ['/packages/client/test/x.test.ts', "import { createFakePleo } from '@fake-pleo/server'"],
      ['/test/x.test.ts', "import { createApp } from '@fake-pleo/server'"],
    ]
    for (const [path, code] of cases) expect(await lint(path, code), code).toEqual([])
  })

  it('lets race load the server only to start one, statically or dynamically', async () => {
    const race = '/packages/race/src/x.ts'
    const start = "const { createFakePleo, listen } = await import('@fake-pleo/server')"
    expect(await lint(race, start)).toEqual([])
    expect(await lint(race, "import { startFakePleo } from '@fake-pleo/server'")).toEqual([])
    for (const code of [
      "import { createApp } from '@fake-pleo/server'",
      "const { createSqliteStore } = await import('@fake-pleo/server')",
      "const server = await import('@fake-pleo/server')",
      "import * as server from '@fake-pleo/server'",
      "export * from '@fake-pleo/server'",
    ]) {
      const reported = await lint(race, code)
      expect(reported, code).toHaveLength(1)
      expect(reported[0], code).toMatch(
        /race may take only createFakePleo, .* from @fake-pleo\/server/,
      )
    }
  })

  it('reports a relative path into another package, from a package or from test/', async () => {
    const cases: [string, string][] = [
      [
        '/packages/cli/test/x.test.ts',
        "import { createFakePleo } from '../../server/src/index.ts'",
      ],
      ['/test/x.test.ts', "import { createPleoClient } from '../packages/client/src/index.ts'"],
      ['/test/support/x.ts', "export { listen } from '../../packages/fake-pleo/src/start.ts'"],
      ['/test/x.test.ts', "const { freePort } = await import('../packages/conformance/src/x.ts')"],
    ]
    for (const [path, code] of cases) {
      const reported = await lint(path, code)
      expect(reported, code).toHaveLength(1)
      expect(reported[0], code).toMatch(/by its package name, not by a relative path/)
    }
    // Within one package, relative paths are the rule.
    expect(await lint('/packages/server/test/x.test.ts', "import '../src/index.ts'")).toEqual([])
  })
})

describe('layering inside packages', () => {
  it('keeps the contract pure: zod and its own modules only', async () => {
    const contract = '/packages/contract/src/x.ts'
    for (const source of ['node:fs', 'hono', 'better-sqlite3', 'svix']) {
      const reported = await lint(contract, `import '${source}'`)
      expect(reported, source).toEqual([
        'no-restricted-imports: ' +
          `'${source}' import is restricted from being used by a pattern. The contract is pure: it imports only zod (DESIGN §2).`,
      ])
    }
    expect(await lint(contract, "import { z } from 'zod'\nimport './errors.ts'")).toEqual([])
  })

  it("keeps the server's domain free of routes, HTTP and Hono", async () => {
    const cases: [string, string][] = [
      ['/packages/server/src/services/x.ts', '../routes/control.ts'],
      ['/packages/server/src/services/x.ts', '../http/journal.ts'],
      ['/packages/server/src/faults/x.ts', '../api-error.ts'],
      ['/packages/server/src/store/x.ts', 'hono'],
      ['/packages/server/src/webhooks/x.ts', '@hono/zod-openapi'],
    ]
    for (const [path, source] of cases) {
      const reported = await lint(path, `import '${source}'`)
      expect(reported, `${path} → ${source}`).toHaveLength(1)
      expect(reported[0], `${path} → ${source}`).toMatch(/Routes depend on services/)
    }
    const route = '/packages/server/src/routes/x.ts'
    expect(await lint(route, "import '../services/job-events.ts'")).toEqual([])
    expect(await lint('/packages/server/src/services/x.ts', "import '../app-env.ts'")).toEqual([])
  })
})
