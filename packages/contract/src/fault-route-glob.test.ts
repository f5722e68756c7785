// Route globs of HTTP fault rules: which requests each glob matches (method, `*` as one segment
// or the rest), and the reason given for a glob that would never match or is ambiguous.
import { describe, expect, it } from 'vitest'
import { compileRoute, routeProblem } from './fault-route-glob.ts'

describe('route globs', () => {
  const cases: [string, string, string, boolean][] = [
    ['GET /v3/export-jobs', 'GET', '/v3/export-jobs', true],
    ['GET /v3/export-jobs', 'get', '/v3/export-jobs/', true],
    ['GET /v3/export-jobs', 'POST', '/v3/export-jobs', false],
    ['get /v3/export-jobs', 'GET', '/v3/export-jobs', true],
    ['/v3/export-jobs', 'DELETE', '/v3/export-jobs', true],
    ['/v3/export-jobs', 'GET', '/v3/export-jobs/x', false],
    ['/v3/export-jobs/*/items', 'PUT', '/v3/export-jobs/x/items', true],
    ['/v3/export-jobs/*/items', 'PUT', '/v3/export-jobs/x/y/items', false],
    ['/v3/export-jobs/*/items', 'PUT', '/v3/export-jobs//items', false],
    ['/v3/*', 'GET', '/v3/export-jobs/x/items', true],
    ['/v3/*', 'GET', '/v3', false],
    ['POST /v2/export-job-events', 'POST', '/v2/export-job-events', true],
    ['/v2/*', 'GET', '/v3/export-jobs', false],
    ['/v3/*', 'GET', '/v2/export-jobs', false],
    ['/*', 'POST', '/v1/subscriptions', true],
    ['POST /v1/subscriptions/*/secret/rotate', 'POST', '/v1/subscriptions/s/secret/rotate', true],
    ['GET /receipts/*', 'GET', '/receipts/e/receipt-1.pdf', true],
    ['/receipts/e/*', 'GET', '/receipts/f/receipt-1.pdf', false],
    ['/*', 'GET', '/receipts/e/receipt-1.pdf', true],
  ]
  for (const [glob, method, path, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${method} ${path}`, () => {
      expect(routeProblem(glob)).toBeUndefined()
      expect(compileRoute(glob)(method, path)).toBe(expected)
    })
  }

  it('refuse what would never match or is ambiguous, saying why', () => {
    expect(routeProblem('v3/export-jobs')).toMatch(/must look like/)
    expect(routeProblem('FETCH /v3/export-jobs')).toMatch(/method 'FETCH' must be one of GET/)
    expect(routeProblem('/v3/export-*')).toMatch(/whole path segment/)
    expect(routeProblem('/v3//export-jobs')).toMatch(/empty path segments/)
    expect(routeProblem('/_sim/faults')).toMatch(
      /must start with \/v3, \/v2, \/v1, \/receipts or \/\*/,
    )
    expect(routeProblem('/')).toMatch(/must start with/)
    expect(routeProblem('/v1/export-jobs')).toBeUndefined()
    expect(routeProblem('/v0/export-jobs')).toMatch(/must start with/)
  })
})
