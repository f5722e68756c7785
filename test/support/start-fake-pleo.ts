// startFakePleo and listen with `sim.control`, for the cross-package tests: the published
// package's composition of the server and the control client (packages/fake-pleo/src/start.ts),
// re-exported rather than written a second time.
export { listen, startFakePleo, type RunningFakePleo } from '../../packages/fake-pleo/src/start.ts'
