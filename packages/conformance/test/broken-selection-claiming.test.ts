// The kit against integrations that break one selection or claiming rule each: the scenario for
// that rule fails and every other scenario passes.
import { describe, it } from 'vitest'
import { expectOnlyTheseFail, planTimeoutMs, type BrokenCase } from './fixtures/plan-run.ts'

const cases: BrokenCase[] = [
  // Taking the newest breaks both rules that ask for the oldest.
  { broken: 'picks-newest', fails: ['SELECT-001', 'SELECT-003'] },
  { broken: 'first-page-only', fails: ['SELECT-003'] },
  { broken: 'skips-verify', fails: ['CLAIM-001'] },
  { broken: 'retries-422', fails: ['CLAIM-003'] },
  { broken: 'parallel', fails: ['CLAIM-004'] },
]

describe('an integration that breaks one selection or claiming rule', () => {
  for (const broken of cases) {
    it(
      `BROKEN=${broken.broken} fails ${broken.fails.join(', ')} and passes the rest`,
      () => expectOnlyTheseFail(broken),
      planTimeoutMs,
    )
  }
})
