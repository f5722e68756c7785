// The kit against an integration that breaks the authentication rule: on OAuth, it refreshes with
// its grant's first refresh token every time (never the rotated one) and authorizes again when the
// fake, having revoked the grant, refuses it. It keeps working, so only AUTH-001 fails; every other
// scenario passes (none is not applicable: it is on OAuth).
import { describe, it } from 'vitest'
import { expectOnlyTheseFail, planTimeoutMs } from './fixtures/plan-run.ts'

describe('an integration that breaks the authentication rule', () => {
  it(
    'BROKEN=reuses-refresh-token fails AUTH-001 and passes the rest',
    () =>
      expectOnlyTheseFail({
        broken: 'reuses-refresh-token',
        fails: ['AUTH-001'],
        notApplicable: [],
      }),
    planTimeoutMs,
  )
})
