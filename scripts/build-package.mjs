// Builds the published `fake-pleo` package (packages/fake-pleo/dist) from the workspace packages:
// 1. esbuild bundles the entry points (index, client, conformance, race and the cli binary) into
//    ESM with shared chunks. The workspace packages are compiled in; the package's `dependencies`
//    stay outside (installed beside it); Ink and React are compiled into the chunk that only the
//    live view loads, so nobody installs them and headless use never loads them.
// 2. tsc writes the declarations of the workspace packages; their `@fake-pleo/*` and `.ts`
//    specifiers are rewritten to relative `.js` ones, so the types need no private package.
// 3. The Standard Webhooks test vectors (test-vectors/standard-webhooks.json) are copied to
//    dist/test-vectors/, exported as `fake-pleo/test-vectors/standard-webhooks.json`.
// 4. Checks that fail the build: an import of a package that is not a dependency, a headless
//    entry reaching Ink or React through static imports, a declaration naming a private package.
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { builtinModules } from 'node:module'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { nodeEsm, noDevtools } from './esbuild-shared.mjs'

const root = fileURLToPath(new URL('../', import.meta.url))
const packages = join(root, 'packages')
const pkgDir = join(packages, 'fake-pleo')
const dist = join(pkgDir, 'dist')
const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
const dependencies = Object.keys(manifest.dependencies)
const entries = ['index', 'client', 'conformance', 'race', 'cli']
const headless = ['index', 'client', 'conformance', 'race']
/** Workspace packages whose declarations ship (the TUI and the CLI's are not public API). */
const typed = ['contract', 'server', 'client', 'race', 'conformance']

const packageName = (specifier) =>
  specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : (specifier.split('/')[0] ?? '')
const isBuiltin = (specifier) =>
  specifier.startsWith('node:') || builtinModules.includes(packageName(specifier))
/** A dependency of the package, or a dependency's `@types` (declarations only). */
const isDependency = (specifier) => {
  const name = packageName(specifier)
  return dependencies.includes(name) || dependencies.includes(`@types/${name}`)
}

/** Leaves the package's dependencies (and their subpaths) to be imported at run time. */
const dependenciesExternal = {
  name: 'dependencies-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      isDependency(args.path) && !isBuiltin(args.path)
        ? { path: args.path, external: true }
        : undefined,
    )
  },
}

function fail(message) {
  console.error(`build-package: ${message}`)
  process.exit(1)
}

async function bundle() {
  const result = await build({
    entryPoints: Object.fromEntries(entries.map((e) => [e, join(pkgDir, 'src', `${e}.ts`)])),
    outdir: dist,
    ...nodeEsm,
    plugins: [noDevtools, dependenciesExternal],
    define: { __FAKE_PLEO_VERSION__: JSON.stringify(manifest.version) },
    metafile: true,
    logLevel: 'warning',
  })
  return result.metafile
}

/** Native speed-ups that ws (in Ink's devtools chunk) requires inside a try, and runs without. */
const optionalRequires = ['bufferutil', 'utf-8-validate']

/** Every external import is a dependency or built-in; headless entries never reach the TUI. */
function checkBundle(metafile) {
  for (const [file, output] of Object.entries(metafile.outputs)) {
    for (const imported of output.imports) {
      const optional = imported.kind === 'require-call' && optionalRequires.includes(imported.path)
      if (
        imported.external &&
        !optional &&
        !isBuiltin(imported.path) &&
        !isDependency(imported.path)
      )
        fail(`${file} imports '${imported.path}', which is not a dependency of fake-pleo`)
    }
  }
  const tuiOnly = /node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?(ink|react|react-reconciler)\//
  for (const entry of headless) {
    const start = relative(root, join(dist, `${entry}.js`))
    const seen = new Set()
    const queue = [start]
    while (queue.length > 0) {
      const file = queue.shift()
      if (seen.has(file)) continue
      seen.add(file)
      const output = metafile.outputs[file]
      if (!output) continue
      const tui = Object.keys(output.inputs).find((input) => tuiOnly.test(input))
      if (tui) fail(`${entry}.js loads ${tui} without opening the live view (via ${file})`)
      for (const imported of output.imports) {
        if (!imported.external && imported.kind === 'import-statement') queue.push(imported.path)
      }
    }
  }
}

/** Where a `@fake-pleo/<pkg>[/sub]` specifier's declarations land, from the package's exports. */
function declarationOf(specifier) {
  const [, name, sub] = /^@fake-pleo\/([a-z-]+)(\/.*)?$/.exec(specifier) ?? []
  if (!name || !typed.includes(name)) fail(`declarations import '${specifier}', which is not typed`)
  const exports = JSON.parse(readFileSync(join(packages, name, 'package.json'), 'utf8')).exports
  const source = exports[sub ? `.${sub}` : '.']
  if (typeof source !== 'string') fail(`@fake-pleo/${name} does not export '${sub ?? '.'}'`)
  return join(dist, 'types', name, source.replace(/^\.\/src\//, '').replace(/\.tsx?$/, '.d.ts'))
}

function rewrite(text, dest) {
  return text.replace(/(from\s+|import\(\s*)(['"])([^'"]+)\2/g, (whole, lead, quote, specifier) => {
    let next = specifier
    if (specifier.startsWith('@fake-pleo/')) {
      next = relative(dirname(dest), declarationOf(specifier)).replace(/\.d\.ts$/, '.js')
      if (!next.startsWith('.')) next = `./${next}`
    } else if (specifier.startsWith('.')) {
      next = specifier.replace(/\.tsx?$/, '.js')
    } else if (!isBuiltin(specifier) && !isDependency(specifier)) {
      fail(`${relative(root, dest)} imports '${specifier}', which is not a dependency`)
    }
    return `${lead}${quote}${next}${quote}`
  })
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* walk(path)
    else if (entry.name.endsWith('.d.ts')) yield path
  }
}

function declarations() {
  const out = mkdtempSync(join(tmpdir(), 'fake-pleo-types-'))
  try {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
    const config = join(pkgDir, 'tsconfig.types.json')
    execFileSync(process.execPath, [tsc, '-p', config, '--outDir', out], { stdio: 'inherit' })
    for (const file of walk(out)) {
      const [name, src, ...rest] = relative(out, file).split('/')
      if (src !== 'src') fail(`unexpected declaration ${file}`)
      const dest =
        name === 'fake-pleo' ? join(dist, ...rest) : join(dist, 'types', name ?? '', ...rest)
      mkdirSync(dirname(dest), { recursive: true })
      writeFileSync(dest, rewrite(readFileSync(file, 'utf8'), dest))
    }
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

// One version everywhere: `fake-pleo --version` from a clone (the server's package.json) and from
// the package must agree.
const serverVersion = JSON.parse(readFileSync(join(packages, 'server', 'package.json'), 'utf8'))
if (serverVersion.version !== manifest.version)
  fail(`fake-pleo is ${manifest.version} but @fake-pleo/server is ${serverVersion.version}`)

/** Ships the webhook test vectors where the package's exports map points. */
function testVectors() {
  const target = join(dist, 'test-vectors', 'standard-webhooks.json')
  if (manifest.exports['./test-vectors/standard-webhooks.json'] !== `./${relative(pkgDir, target)}`)
    fail(
      'package.json does not export ./test-vectors/standard-webhooks.json from dist/test-vectors',
    )
  mkdirSync(dirname(target), { recursive: true })
  copyFileSync(join(root, 'test-vectors', 'standard-webhooks.json'), target)
}

rmSync(dist, { recursive: true, force: true })
checkBundle(await bundle())
declarations()
testVectors()
console.log(
  `built ${relative(root, dist)}: ${entries.map((e) => `${e}.js`).join(', ')} + .d.ts + test vectors`,
)
