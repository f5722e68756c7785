// fake-pleo: the fake Pleo Export API for tests and embedding. `startFakePleo()` starts one on a
// free port with a fresh in-memory database (`await using` stops it); `createApp` and
// `createFakePleo` build one without a socket, for `app.request()`.
export * from '@fake-pleo/server'
