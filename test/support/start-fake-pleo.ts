// startFakePleo and listen with `sim.control`, for the cross-package tests: the published
// package's composition of the server and the control client (packages/fake-pleo/src/start.ts),
// re-exported rather than written a second time. By path, not by name: the name `fake-pleo`
// resolves to the package's built dist/, and these tests run against its source.
// eslint-disable-next-line layering/packages -- the one source import of the published package
export { startFakePleo, type RunningFakePleo } from '../../packages/fake-pleo/src/start.ts'
