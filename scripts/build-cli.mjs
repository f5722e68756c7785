// Bundles the fake-pleo CLI (and every workspace package it uses) into ESM files under
// packages/cli/dist/: fake-pleo.mjs and, split off, the chunks only some commands load (the live
// view's Ink and React load only when `race` opens it), so the binary starts without a TypeScript
// loader: faster cold start and less memory. The binary falls back to the sources whenever the
// bundle is stale. Packages whose files are read at run time (better-sqlite3's binary, the
// swagger-ui-dist files /docs serves) stay outside the bundle and are dependencies of the CLI too,
// so they resolve from packages/cli/dist.
import { build } from 'esbuild'
import { readFileSync, rmSync } from 'node:fs'
import { nodeEsm, noDevtools } from './esbuild-shared.mjs'

const root = new URL('../', import.meta.url)
const { version } = JSON.parse(readFileSync(new URL('packages/server/package.json', root), 'utf8'))
const outdir = new URL('packages/cli/dist/', root).pathname

rmSync(outdir, { recursive: true, force: true })
await build({
  entryPoints: { 'fake-pleo': new URL('packages/cli/src/main.ts', root).pathname },
  outdir,
  outExtension: { '.js': '.mjs' },
  ...nodeEsm,
  external: ['better-sqlite3'],
  plugins: [noDevtools],
  define: { __FAKE_PLEO_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
})
