// The kit against integrations that break one selection or claiming rule each: the scenario for
// that rule fails and every other scenario passes.
import { describe, it } from 'vitest'
import { expectOnlyTheseFail, planTimeoutMs, type BrokenCase } from './fixtures/plan-run.ts'

const cases: BrokenCase[] = [
  {
    broken: 'picks-newest',
    fails: ['SELECT-001'],
    racy: {
      // CLAIM-002 stops watching for the verify GET of the older job once the newer job has
      // ended; an integration that takes the newer job first verifies the older one a few
      // milliseconds later, so whether the steal happens depends on the kit's 25 ms polling.
      'CLAIM-002': 'the thief is removed as soon as the newer job ends',
    },
  },
  {
    broken: 'skips-verify',
    // CLAIM-002 and CLAIM-003 steal the job when the integration GETs it to verify; with no
    // verify GET nothing is stolen, and both scenarios fail as well.
    fails: ['CLAIM-001', 'CLAIM-002', 'CLAIM-003'],
  },
  { broken: 'retries-422', fails: ['CLAIM-003'] },
  { broken: 'parallel', fails: ['CLAIM-004'] },
]

describe.concurrent('an integration that breaks one selection or claiming rule', () => {
  for (const broken of cases) {
    it(
      `BROKEN=${broken.broken} fails ${broken.fails.join(', ')} and passes the rest`,
      () => expectOnlyTheseFail(broken),
      planTimeoutMs,
    )
  }
})
