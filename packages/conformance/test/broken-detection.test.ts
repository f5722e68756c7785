// The kit against integrations that break one detection rule each: the scenario for that rule
// fails (or warns, for a soft rule) and every other scenario passes (AUTH-001 is not applicable:
// the fixture is on the API key).
import { describe } from 'vitest'
import { itBreaksOnlyItsRule, type BrokenCase } from './fixtures/plan-run.ts'

const cases: BrokenCase[] = [
  { broken: 'ignores-signatures', fails: ['DETECT-003'] },
  { broken: 'no-dedupe', fails: ['DETECT-005'] },
  { broken: 'never-polls', fails: ['DETECT-002'] },
  // A soft rule: polling every 0.4 s and retrying a refused listing at once only warns.
  { broken: 'polls-hot', fails: [], warns: ['DETECT-006'] },
]

describe('an integration that breaks one detection rule', () => {
  itBreaksOnlyItsRule(cases)
})
