// Starts the CLI's esbuild bundle (packages/cli/dist/fake-pleo.mjs) the way the binary does when
// the bundle is fresh, minus the binary's freshness check: the bench times the bundled start with
// this even while ongoing edits to the sources make the binary fall back to them.
const bundle = new URL('../../packages/cli/dist/fake-pleo.mjs', import.meta.url)
const { main } = await import(bundle.href)
process.exitCode = await main(process.argv.slice(2))
