// @fake-pleo/race: races reference claimers against one fake, records every operation as a
// Jepsen-style history and checks the claim-safety invariants of DESIGN §5.
export * from './history.ts'
export type * from './final-state.ts'
export * from './checker/index.ts'
