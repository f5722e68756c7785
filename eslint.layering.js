// The package layering of DESIGN §2 as lint rules, so a wrong import fails `pnpm lint` instead of
// holding by discipline. `layers` is the dependency table; the `layering/packages` rule reads it
// for every import, export-from and dynamic import() in packages/** and test/**:
// - a package's source imports only the packages its layer names (race may load the server only
//   to start one: the names in `limits`), and tests may also start a fake (`testLayers`);
// - another package is imported by its name (@fake-pleo/…), never by a relative path into it.
// `layeringConfig` adds plain no-restricted-imports rules inside packages: the contract imports
// only zod, and inside the server the domain (services, store, faults, webhooks) never imports
// routes, HTTP helpers or Hono: routes depend on services, never the reverse.
import path from 'node:path'

const root = import.meta.dirname

/** DESIGN §2: the workspace packages each package's source may import. No cycles. */
const layers = {
  contract: [],
  server: ['contract'],
  client: ['contract'],
  race: ['client', 'contract', 'server'],
  conformance: ['client', 'contract', 'server', 'race'],
  tui: ['race', 'client', 'contract'],
  cli: ['contract', 'server', 'client', 'race', 'conformance', 'tui'],
  'fake-pleo': ['contract', 'server', 'client', 'race', 'conformance', 'tui', 'cli'],
}

/** What a package's tests may import besides its layer: a fake to test against. */
const testLayers = { client: ['server'], race: ['server'] }

/** Imports limited to some names: race loads the server only to start one. */
const limits = {
  race: {
    server: ['createFakePleo', 'createFaultEngine', 'listen', 'seededIds', 'startFakePleo'],
  },
}

const packageOf = (file) => {
  const parts = path.relative(root, file).split(path.sep)
  return parts[0] === 'packages' && parts.length > 2 ? parts[1] : undefined
}

const isTestFile = (file) =>
  /\.test\.tsx?$/.test(file) || path.relative(root, file).split(path.sep)[2] === 'test'

/** The workspace package an import names (by name or by a relative path), if any. */
function targetOf(source, file) {
  const named = /^@fake-pleo\/([^/]+)/.exec(source) ?? /^(fake-pleo)(?:\/|$)/.exec(source)
  if (named) return { name: named[1], relative: false }
  if (!source.startsWith('.')) return undefined
  const name = packageOf(path.resolve(path.dirname(file), source))
  return name === undefined ? undefined : { name, relative: true }
}

/** The names an import takes from its module, or undefined when it takes everything. */
function importedNames(node) {
  if (node.type === 'ImportDeclaration' || node.type === 'ExportNamedDeclaration') {
    const names = node.specifiers.map((s) =>
      s.type === 'ImportSpecifier' || s.type === 'ExportSpecifier'
        ? (s.imported ?? s.local).name
        : undefined,
    )
    return names.includes(undefined) ? undefined : names
  }
  // `const { a, b } = await import('…')`
  const declarator = node.parent?.type === 'AwaitExpression' ? node.parent.parent : undefined
  if (declarator?.type !== 'VariableDeclarator' || declarator.id.type !== 'ObjectPattern') {
    return undefined
  }
  const keys = declarator.id.properties.map((p) => (p.type === 'Property' ? p.key.name : undefined))
  return keys.includes(undefined) ? undefined : keys
}

const packagesRule = {
  meta: {
    type: 'problem',
    docs: { description: "Imports follow DESIGN §2's package layering" },
    schema: [],
    messages: {
      relative:
        "Import {{name}} by its package name, not by a relative path into packages/{{pkg}}: '{{source}}'",
      layer: 'packages/{{own}} may not import {{name}} (DESIGN §2: {{own}} → {{allowed}})',
      limited: 'packages/{{own}} may take only {{names}} from {{name}} (DESIGN §2)',
    },
  },
  create(context) {
    const file = context.filename
    const own = packageOf(file)
    const test = isTestFile(file)
    const allowed =
      own === undefined
        ? undefined
        : [...(layers[own] ?? []), ...(test ? (testLayers[own] ?? []) : [])]
    const check = (node, sourceNode) => {
      if (sourceNode?.type !== 'Literal' || typeof sourceNode.value !== 'string') return
      const source = sourceNode.value
      const target = targetOf(source, file)
      if (!target || target.name === own) return
      const name = target.name === 'fake-pleo' ? 'fake-pleo' : `@fake-pleo/${target.name}`
      if (target.relative) {
        context.report({ node, messageId: 'relative', data: { name, pkg: target.name, source } })
        return
      }
      if (allowed === undefined) return
      if (!allowed.includes(target.name)) {
        const data = { own, name, allowed: allowed.join(', ') || 'zod only' }
        context.report({ node, messageId: 'layer', data })
        return
      }
      const only = test ? undefined : limits[own]?.[target.name]
      if (only === undefined) return
      const names = importedNames(node)
      if (names === undefined || names.some((n) => !only.includes(n))) {
        context.report({ node, messageId: 'limited', data: { own, name, names: only.join(', ') } })
      }
    }
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    }
  },
}

const layeringPlugin = { rules: { packages: packagesRule } }

const restricted = (regex, message) => ['error', { patterns: [{ regex, message }] }]

/** Flat-config objects: the package rule everywhere, and the layering inside two packages. */
export const layeringConfig = [
  {
    files: ['packages/**/*.{ts,tsx,js,mjs}', 'test/**/*.{ts,tsx,js,mjs}'],
    plugins: { layering: layeringPlugin },
    rules: { 'layering/packages': 'error' },
  },
  {
    files: ['packages/contract/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': restricted(
        '^(?!zod(/|$)|\\.)',
        'The contract is pure: it imports only zod (DESIGN §2).',
      ),
    },
  },
  {
    files: ['packages/server/src/{services,store,faults,webhooks}/**/*.ts'],
    rules: {
      'no-restricted-imports': restricted(
        '(^|/)(routes|http)/|/(api-error|app)\\.ts$|^(hono|@hono/)',
        'Routes depend on services, never the reverse: the server domain (services, store, faults, webhooks) imports no routes, HTTP helpers or Hono; return a result and let the route answer.',
      ),
    },
  },
]
