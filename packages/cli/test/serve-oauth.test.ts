// `fake-pleo serve --oauth-auto-approve`: the flag reaches the fake's options (off by default),
// and the help text names it.
import { describe, expect, it } from 'vitest'
import { parseServeArgs, serveHelp } from '../src/serve.ts'

describe('serve --oauth-auto-approve', () => {
  it('is off by default and on with the flag', () => {
    expect(parseServeArgs([]).oauthAutoApprove).toBe(false)
    expect(parseServeArgs(['--oauth-auto-approve']).oauthAutoApprove).toBe(true)
    expect(serveHelp).toContain('--oauth-auto-approve')
  })
})
