// fake-pleo/conformance: the conformance kit's programmatic API (what `fake-pleo conform` runs):
// the plan, runConformance, the reporters and the exit-code rules.
export * from '@fake-pleo/conformance'
