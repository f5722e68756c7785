// The kit against integrations that break one detection rule each: the scenario for that rule
// fails and every other scenario passes.
import { describe, it } from 'vitest'
import { expectOnlyTheseFail, planTimeoutMs, type BrokenCase } from './fixtures/plan-run.ts'

const cases: BrokenCase[] = [
  { broken: 'ignores-signatures', fails: ['DETECT-003'] },
  { broken: 'no-dedupe', fails: ['DETECT-005'] },
  { broken: 'never-polls', fails: ['DETECT-002'] },
]

describe('an integration that breaks one detection rule', () => {
  for (const broken of cases) {
    it(
      `BROKEN=${broken.broken} fails ${broken.fails.join(', ')} and passes the rest`,
      () => expectOnlyTheseFail(broken),
      planTimeoutMs,
    )
  }
})
