import { describe, expect, it } from 'vitest'
import { authOf, idlePollGaps, passStarts, pollIntervalSeconds } from './observe.ts'
import type { Captured } from './stage.ts'

const request = (at: number, method = 'GET', path = '/v3/export-jobs', auth = 'basic'): Captured =>
  ({
    at,
    method,
    path,
    query: '',
    body: null,
    status: 200,
    jobId: undefined,
    event: undefined,
    items: undefined,
    auth,
  }) as Captured

const lists = (...at: number[]) => at.map((t) => request(t))

describe('observing an integration', () => {
  it('finds the passes it starts (a listing after a moment of silence)', () => {
    const requests = [...lists(0, 50), request(80, 'GET', '/v3/export-jobs/x'), ...lists(1000)]
    expect(passStarts(requests)).toEqual([0, 1000])
  })

  it('measures the idle poll interval from passes nothing else can explain', () => {
    const requests = lists(0, 1000, 2000, 3000, 4000)
    expect(idlePollGaps(requests, [])).toEqual([1000, 1000, 1000, 1000])
    expect(pollIntervalSeconds(requests, [])).toBe(1)
    // A pass up to 1.5 s after a stimulus (a start, a delivery) may be its answer: not a poll.
    expect(idlePollGaps(requests, [1990])).toEqual([1000])
    expect(idlePollGaps(requests, [2990])).toEqual([1000, 1000])
  })

  it('does not take a follow-up pass right after work for a poll', () => {
    const work = request(1200, 'POST', '/v3/export-job-events')
    const requests = [...lists(0, 1000), work, ...lists(1300, 2000, 3000, 4000)]
    // 1300 follows the work and 2000 too (within 1.5 s): gaps 0→1000 and 3000→4000 remain.
    expect(idlePollGaps(requests, [])).toEqual([1000, 1000])
  })

  it('does not take the retry of a refused listing for a poll', () => {
    const refused = { ...request(1000), status: 503 }
    const requests = [...lists(0), refused, ...lists(1400, 3000, 4000)]
    expect(idlePollGaps(requests, [])).toEqual([1000])
  })

  it('does not count a gap with work in between', () => {
    const requests = [...lists(0), request(500, 'POST', '/v3/export-job-events'), ...lists(3000)]
    expect(idlePollGaps(requests, [])).toEqual([])
    expect(pollIntervalSeconds(requests, [])).toBeNull()
  })

  it('tells the API key from OAuth by the Authorization scheme', () => {
    expect(authOf([request(0)])).toBe('api-key')
    expect(authOf([request(0, 'GET', '/v3/export-jobs', 'bearer')])).toBe('oauth')
    expect(authOf([request(0), request(1, 'GET', '/v3/x', 'bearer')])).toBe('api-key+oauth')
    expect(authOf([request(0, 'GET', '/v3/x', 'none')])).toBe('unknown')
  })
})
