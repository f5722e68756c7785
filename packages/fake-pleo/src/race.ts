// fake-pleo/race: the race engine, its Jepsen-style history and the claim-safety checker.
export * from '@fake-pleo/race'
