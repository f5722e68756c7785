// What the two esbuild builds share (the contributors' CLI bundle, scripts/build-cli.mjs, and the
// published package, scripts/build-package.mjs): Node ESM output split into chunks, the stub for
// Ink's optional devtools and the banner that gives bundled CommonJS code a `require`.

/** Ink imports react-devtools-core only to connect when DEV=true; it is not installed. */
export const noDevtools = {
  name: 'no-devtools',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({
      path: 'devtools',
      namespace: 'stub',
    }))
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: 'export default { initialize() {}, connectToDevTools() {} }',
      loader: 'js',
    }))
  },
}

/** Bundled CommonJS modules call `require` for Node's built-ins; ESM has none of its own. */
export const requireBanner =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"

/** Options of both builds: one ESM bundle for Node 20 per entry, shared code split into chunks. */
export const nodeEsm = {
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  banner: { js: requireBanner },
}
