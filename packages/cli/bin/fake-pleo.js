#!/usr/bin/env node
// The fake-pleo binary. Runs the bundle in ../dist when it is newer than every workspace source
// file (fast start, no loader); otherwise registers the TypeScript loader and runs the sources,
// so an edit is never hidden behind a stale bundle. `pnpm build` refreshes the bundle.
import { existsSync, readdirSync, statSync } from 'node:fs'

const bundle = new URL('../dist/fake-pleo.mjs', import.meta.url)
const packages = new URL('../../', import.meta.url)

function newestSource(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = new URL(entry.name + (entry.isDirectory() ? '/' : ''), dir)
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path))
    else if (/\.tsx?$/.test(entry.name) || entry.name === 'package.json')
      newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

function bundleIsFresh() {
  if (process.env.FAKE_PLEO_FROM_SOURCE === '1' || !existsSync(bundle)) return false
  const built = statSync(bundle).mtimeMs
  for (const name of readdirSync(packages)) {
    const src = new URL(`${name}/src/`, packages)
    if (existsSync(src) && newestSource(src) > built) return false
  }
  return true
}

let main
if (bundleIsFresh()) {
  ;({ main } = await import(bundle.href))
} else {
  const { register } = await import('tsx/esm/api')
  register()
  ;({ main } = await import('../src/main.ts'))
}
const code = await main(process.argv.slice(2))
process.exitCode = code
// The command has finished; idle keep-alive sockets of fetch must not hold the process for
// seconds. An unref'd timer fires only if something else still keeps the event loop alive.
setTimeout(() => process.exit(code), 250).unref()
