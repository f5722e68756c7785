// The test suite, in four projects (`pnpm test` runs them all; the first three side by side).
//
// - `waiting`: the suites that mostly wait in real time (conformance plans: a scenario waits on
//   an integration process for seconds while using a fraction of a core; `fake-pleo conform`
//   end to end; a race attached to a server over HTTP), and a few long files that need nothing
//   of the shared process. They run in the threads pool, four files at once (each file's
//   plans one after another, each plan two scenarios at a time), beside the shared process. A
//   whole clean-clone run used about one core on average, so four files fit beside it; at load
//   14–20 (other work on the machine) more plans at once than this made scenarios time out.
// - `shared`: everything else, mostly CPU-bound, one file after another in one process
//   (`singleFork`): each file still imports the workspace's modules afresh (`isolate`), but the
//   process, Node's start and the dependencies in node_modules are shared instead of paid again
//   for every file, which was most of these files' time. test/support/shared-process-setup.ts
//   puts back, before each file, what a file may leave changed in the process (environment,
//   working directory, the globals @hono/node-server replaces).
// - `isolated`: the files that need a process of their own (`isolatedFiles` below), each in a
//   fresh process as before. test/unit-suites.test.ts fails when a file that sets an environment
//   variable or replaces a module is missing from the list.
// - `alone`: verdicts that rest on real-time windows narrow enough that a busy machine moves
//   them (causes.test.ts: a webhook answered between two polls a second apart is credited only
//   when the answer comes inside the gap; broken-detection.test.ts: the same for a fixture that
//   polls every 0.4 s). They run after the other three have finished, by themselves, the two
//   files at once: three plans and nothing else, less than the load any `waiting` file sees.
//
// Vitest sizes each pool once for the whole run, so `waiting` and the rest are told apart by
// pool, each with its own size. Measured figures are in docs/benchmarks.md ("CI wall time").
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/** Every test file of the repository (`pnpm test:unit` takes these too, less its process suites). */
export const allTests = [
  'packages/*/src/**/*.test.{ts,tsx}',
  'packages/*/test/**/*.test.{ts,tsx}',
  'test/**/*.test.ts',
]

/**
 * Files whose time is mostly real-time waiting (see docs/benchmarks.md, "CI wall time"), and long
 * files that need nothing of the shared process (fuzz-no-500, the race CLI's): taken off the
 * shared process, whose one file after another was the test step's longest path.
 */
const waiting = [
  'packages/conformance/test/**/*.test.ts',
  'test/cli-conform.test.ts',
  'test/cli-race-own.test.ts',
  'test/race-attach.test.ts',
  'test/fuzz-no-500.test.ts',
  'test/cli-race-property.test.ts',
  'test/cli-race.test.ts',
]

/** Files run by themselves at the end (narrow real-time windows). */
const alone = [
  'packages/conformance/test/causes.test.ts',
  'packages/conformance/test/broken-detection.test.ts',
]

/**
 * Files that need a process of their own: they set environment variables that dependencies read
 * once per process, when first imported (colour support, CI detection), or replace modules
 * (`vi.mock`); contract-imported-before-server tests what happens when zod is first extended,
 * which a process does once.
 */
export const isolatedFiles = [
  'packages/tui/test/no-color.test.tsx',
  'packages/tui/test/run-tui.test.ts',
  'test/contract-imported-before-server.test.ts',
]

/**
 * The longest files, longest first (seconds in a clean-clone run, docs/benchmarks.md "CI wall
 * time"). Without timings (a clean clone has none) vitest starts files largest first, which
 * started the longest conformance file a third of the way into the run; the three threads of
 * `waiting` end together only when the long files go first.
 */
export const longestFirst = [
  'packages/conformance/test/broken-processing.test.ts', // 288
  'packages/conformance/test/robustness.test.ts', // 230
  'packages/conformance/test/broken-selection-claiming.test.ts', // 226
  'packages/conformance/test/broken-claiming.test.ts', // 196
  'packages/conformance/test/reference.test.ts', // 146
  'packages/conformance/test/broken-recovery.test.ts', // 139
  'packages/conformance/test/broken-detection-steady.test.ts', // ~120 (estimated: 82 s by itself)
  'test/cli-conform.test.ts', // 67
  'test/race-attach.test.ts', // 66 (57 s by itself, 11 CPU-s)
  'packages/conformance/test/broken-authentication.test.ts', // 63
  'test/fuzz-no-500.test.ts', // 48
  'packages/conformance/test/slow-integration.test.ts', // ~50, mostly the fixture's own waits
]

/** Vitest's order (known durations, else size), with the files above first, in that order. */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const rank = (file: TestSpecification) => {
      const at = longestFirst.findIndex((path) => file.moduleId.endsWith(`/${path}`))
      return at === -1 ? longestFirst.length : at
    }
    return sorted.sort((a, b) => rank(a) - rank(b))
  }
}

/** Files of the `waiting` project run at once. */
const waitingFiles = 4

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    sequence: { sequencer: LongestFirst },
    poolOptions: {
      threads: { maxThreads: waitingFiles, minThreads: 1 },
      // `alone`'s two files (and `isolated`'s) two at a time; `shared` is one fork regardless.
      forks: { maxForks: 2, minForks: 1 },
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'waiting',
          include: waiting,
          exclude: [...alone, '**/node_modules/**'],
          pool: 'threads',
        },
      },
      {
        extends: true,
        test: {
          name: 'shared',
          include: allTests,
          exclude: [...waiting, ...isolatedFiles, '**/node_modules/**'],
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          setupFiles: ['test/support/shared-process-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'isolated',
          include: isolatedFiles,
          pool: 'forks',
        },
      },
      {
        extends: true,
        test: {
          name: 'alone',
          include: alone,
          pool: 'forks',
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
})
