// `fake-pleo claim` argument parsing: flags, environment fallbacks and the usage errors (exit 2).
import { describe, expect, it } from 'vitest'
import { UsageError } from '../src/args.ts'
import { formatEvent, parseClaimArgs } from '../src/claim.ts'

const required = ['--api', 'http://127.0.0.1:4010/', '--api-key', 'k', '--company', 'c']

describe('parseClaimArgs', () => {
  it('reads flags, with defaults', () => {
    const options = parseClaimArgs(required, {})
    expect(options).toMatchObject({ api: 'http://127.0.0.1:4010', apiKey: 'k', companyId: 'c' })
    expect(options.pollSeconds).toBe(120)
    expect(options.webhook).toBeUndefined()
  })

  it('falls back to the environment', () => {
    const options = parseClaimArgs([], {
      PLEO_API_URL: 'http://127.0.0.1:1',
      PLEO_API_KEY: 'key',
      PLEO_COMPANY_ID: 'co',
      PLEO_WEBHOOK_PORT: '0',
      PLEO_WEBHOOK_SECRET: 'whsec_abc',
    })
    expect(options).toMatchObject({ apiKey: 'key', companyId: 'co' })
    expect(options.webhook).toEqual({ port: 0, secret: 'whsec_abc' })
  })

  it.each([
    [['--api-key', 'k', '--company', 'c'], /--api is required/],
    [['--api', 'http://x', '--company', 'c'], /--api-key is required/],
    [['--api', 'http://x', '--api-key', 'k'], /--company is required/],
    [['--api', 'ftp://x', '--api-key', 'k', '--company', 'c'], /http/],
    [[...required, '--webhook-port', '1'], /--webhook-secret/],
    [[...required, '--webhook-secret', 'whsec_a'], /--webhook-port/],
    [[...required, '--poll-interval', '0'], /between/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseClaimArgs(argv, {})).toThrow(UsageError)
    expect(() => parseClaimArgs(argv, {})).toThrow(message)
  })

  it('allows --help without the rest', () => {
    expect(parseClaimArgs(['--help'], {}).help).toBe(true)
  })
})

describe('formatEvent', () => {
  it('prints one readable line per step', () => {
    expect(formatEvent({ event: 'detected', source: 'poll', reason: 'poll #1' })).toBe(
      'detected (poll): poll #1',
    )
    expect(formatEvent({ event: 'pass', reason: 'start-up', report: { kind: 'idle' } })).toBe(
      'pass (start-up): idle',
    )
  })
})
