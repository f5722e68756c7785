// The fake on a port with its control client, as the published package offers it: the server's
// `startFakePleo` and `listen`, with `control` (the client's createControl over the running
// fake's fetch and admin token) added. The server knows nothing of the client (DESIGN §2), so
// this is the one place the two meet; the repository's own tests that want `sim.control` start
// their fake through here too.
import { createControl, type Control } from '@fake-pleo/client'
import {
  listen as listenBare,
  startFakePleo as startBare,
  type FakePleo,
  type FakePleoOptions,
  type ListenOptions,
  type RunningFakePleo as BareRunningFakePleo,
} from '@fake-pleo/server'

/** A fake listening on a port, with the typed control API helpers (`sim.control`). */
export type RunningFakePleo = BareRunningFakePleo & { control: Control }

const withControl = <T extends BareRunningFakePleo>(running: T): T & { control: Control } => ({
  ...running,
  control: createControl(running.fetch, running.deps.options.adminToken),
})

/** Listens on a port (0 = any free port); `await using` stops it. */
export async function listen(
  fake: FakePleo,
  listenOptions: ListenOptions = {},
): Promise<RunningFakePleo> {
  return withControl(await listenBare(fake, listenOptions))
}

/** An in-process fake on port 0 with a fresh `:memory:` database, seeded with the demo company. */
export async function startFakePleo(
  options: FakePleoOptions & ListenOptions = {},
): Promise<RunningFakePleo & { companyId: string; apiKey: string }> {
  return withControl(await startBare(options))
}
