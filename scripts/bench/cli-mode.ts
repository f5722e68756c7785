// Which way `packages/cli/bin/fake-pleo.js` starts right now: the esbuild bundle in
// packages/cli/dist when it is newer than every workspace source file, the TypeScript sources
// through tsx otherwise (or when FAKE_PLEO_FROM_SOURCE=1). Mirrors the binary's own rule so the
// bench can say which path a cold start measured; `pnpm build` makes the bundle fresh.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { bundleFile as bundle, repoRoot } from './config.ts'

export type CliMode = 'bundle' | 'sources'

const packages = join(repoRoot, 'packages')

export function cliMode(env: NodeJS.ProcessEnv = process.env): CliMode {
  if (env.FAKE_PLEO_FROM_SOURCE === '1' || !existsSync(bundle)) return 'sources'
  const built = statSync(bundle).mtimeMs
  for (const name of readdirSync(packages)) {
    const src = join(packages, name, 'src')
    if (existsSync(src) && newestSource(src) > built) return 'sources'
  }
  return 'bundle'
}

function newestSource(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path))
    else if (entry.name.endsWith('.ts') || entry.name === 'package.json')
      newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}
