// `pnpm test:unit`: the quick inner loop. The same tests as vitest.config.ts (`pnpm test`, which
// runs everything and stays the one command for CI and before a merge) without the suites that
// start real processes: the CLI binary, several fakes on one database file, conformance plans
// (each scenario spawns an integration), the browser and tmux. test/unit-suites.test.ts fails
// when a suite that spawns one is missing from this list.
import { configDefaults, defineConfig } from 'vitest/config'
import { allTests } from './vitest.config.ts'

/** Test files that start real processes (globs, from the repository root). */
export const processSuites = [
  'test/cli-*.test.ts',
  'test/two-processes.test.ts',
  'test/restart-persistence.test.ts',
  'test/webhook-leases-across-processes.test.ts',
  'test/webhook-outbox-durability.test.ts',
  'test/imports-without-server.test.ts',
  'test/tui-e2e.test.ts',
  'test/tui-campaign-e2e.test.ts',
  'test/tui-own-e2e.test.ts',
  'test/web-app-browser.test.ts',
  'packages/conformance/test/**/*.test.ts',
  'packages/conformance/src/integration.test.ts',
  'packages/cli/test/listen.test.ts',
  'packages/cli/test/serve-gc.test.ts',
]

export default defineConfig({
  test: {
    include: allTests,
    exclude: [...configDefaults.exclude, ...processSuites],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
