// The kit against integrations that break one detection rule each: the scenario for that rule
// fails (or warns, for a soft rule) and every other scenario passes (AUTH-001 is not applicable:
// the fixture is on the API key). These two cases' verdicts rest on narrow real-time windows (a
// fixture that polls every 0.4 s leaves DETECT-001 about 0.1 s between polls to credit the
// webhook; duplicates delivered late move PROC-006), so this file runs by itself after the rest
// (vitest.config.ts, project `alone`). The detection cases that do not are in
// broken-detection-steady.test.ts, beside the other plans.
import { describe } from 'vitest'
import { itBreaksOnlyItsRule, type BrokenCase } from './fixtures/plan-run.ts'

const cases: BrokenCase[] = [
  { broken: 'no-dedupe', fails: ['DETECT-005'] },
  // A soft rule: polling every 0.4 s and retrying a refused listing at once only warns.
  { broken: 'polls-hot', fails: [], warns: ['DETECT-006'] },
]

describe('an integration that breaks one detection rule', () => {
  itBreaksOnlyItsRule(cases)
})
