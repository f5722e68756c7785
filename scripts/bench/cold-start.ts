// Cold start and idle memory: spawn a server, time from spawn() to the first 200 from
// GET /_sim/health (the port is only known once the banner names it), let it sit idle, read
// VmRSS, stop it. Several kinds of start alternate, round after round, so a burst of other work
// on the machine hits all of them: the binary as it is (only while its bundle is fresh, else it
// would repeat the sources case), the bundle started directly, the binary forced onto the
// TypeScript sources through tsx, and the bare Hono baseline for what Node and Hono alone cost.
// One more start runs the sources with tsx's transform cache empty (TMPDIR pointed at a fresh
// directory): the first start after an edit.
import { setTimeout as sleep } from 'node:timers/promises'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { waitForHealth } from './api-client.ts'
import { spawnBaseline, spawnBundle, spawnFake, type ChildServer } from './child-server.ts'
import { cliMode, type CliMode } from './cli-mode.ts'
import { bundleFile, config } from './config.ts'
import { rssMb } from './proc-stats.ts'
import { median } from './stats.ts'

export type StartRun = { readyMs: number; bannerMs: number; idleRssMb: number }

export type ColdStartResult = {
  runs: StartRun[]
  medianReadyMs: number
  medianBannerMs: number
  medianIdleRssMb: number
}

export type StartKind = 'bin' | 'bundle' | 'sources' | 'baseline'

export type ColdStarts = {
  /** How the binary would start when the cold starts began. */
  binMode: CliMode
  kinds: Partial<Record<StartKind, ColdStartResult>>
  uncachedSources: StartRun
}

const fromSource = { FAKE_PLEO_FROM_SOURCE: '1' }

async function timeStart(spawnServer: () => Promise<ChildServer>): Promise<StartRun> {
  const server = await spawnServer()
  try {
    const healthyAt = await waitForHealth(server.url)
    await sleep(config.idleSettleMs)
    return {
      readyMs: healthyAt - server.spawnedAt,
      bannerMs: server.bannerAt - server.spawnedAt,
      idleRssMb: rssMb(server.pid),
    }
  } finally {
    await server.stop()
  }
}

function summarise(runs: StartRun[]): ColdStartResult {
  return {
    runs,
    medianReadyMs: median(runs.map((r) => r.readyMs)),
    medianBannerMs: median(runs.map((r) => r.bannerMs)),
    medianIdleRssMb: median(runs.map((r) => r.idleRssMb)),
  }
}

export async function coldStarts(): Promise<ColdStarts> {
  const binMode = cliMode()
  const spawners: [StartKind, () => Promise<ChildServer>][] = []
  if (binMode === 'bundle') spawners.push(['bin', () => spawnFake()])
  if (existsSync(bundleFile)) spawners.push(['bundle', () => spawnBundle()])
  spawners.push(['sources', () => spawnFake([], fromSource)], ['baseline', () => spawnBaseline()])
  const runs = new Map<StartKind, StartRun[]>(spawners.map(([kind]) => [kind, []]))
  for (let i = 0; i < config.coldStarts; i++) {
    for (const [kind, spawn] of spawners) runs.get(kind)!.push(await timeStart(spawn))
  }
  const dir = mkdtempSync(join(tmpdir(), 'fake-pleo-bench-tsx-'))
  try {
    const uncachedSources = await timeStart(() => spawnFake([], { ...fromSource, TMPDIR: dir }))
    const kinds = Object.fromEntries([...runs].map(([kind, r]) => [kind, summarise(r)]))
    return { binMode, kinds, uncachedSources }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
