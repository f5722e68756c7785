// A small hand-built report for the reporters' tests: a pass, a failure with many evidence lines and
// the integration's output (and characters XML and TAP must escape), an error, an expected failure,
// a scenario listed as expected to fail that passed, a warning and a scenario not applicable to
// this integration; and the integration's observed profile.
import type { Report, ScenarioResult } from '../report.ts'

const base = { expectedFailure: false, durationMs: 1200 } as const

const pass: ScenarioResult = {
  ...base,
  id: 'DETECT-001',
  group: 'Detection',
  rule: 'acts on v1.export-job.created',
  outcome: 'pass',
  evidence: { expected: 'a claim within 5 s', observed: 'claimed after 0.4 s', lines: [] },
}

const fail: ScenarioResult = {
  ...base,
  id: 'SELECT-001',
  group: 'Selection',
  rule: `takes the oldest <job> & "not" the 'newest' # first`,
  outcome: 'fail',
  durationMs: 2345,
  evidence: {
    expected: 'claims job a (created first)',
    observed: 'claimed job c <newest> & skipped a\u0007',
    lines: Array.from({ length: 15 }, (_, i) => `12:00:${String(i).padStart(2, '0')} GET /v3/jobs`),
  },
  output: Array.from({ length: 10 }, (_, i) => `out ${i + 1}`),
}

const error: ScenarioResult = {
  ...base,
  id: 'CLAIM-001',
  group: 'Claiming',
  rule: 'claims with If-Match',
  outcome: 'error',
  evidence: { expected: 'the integration starts', observed: 'exited with code 127', lines: [] },
  output: ['sh: my-integration: not found'],
}

const expectedFailure: ScenarioResult = {
  ...base,
  id: 'PROCESS-001',
  group: 'Processing',
  rule: 'reports progress',
  outcome: 'fail',
  expectedFailure: true,
  evidence: { expected: 'progress events', observed: 'none sent', lines: ['12:00:05 no events'] },
}

const unexpectedPass: ScenarioResult = {
  ...base,
  id: 'RECOVER-001',
  group: 'Recovery',
  rule: 'retries after a 503',
  outcome: 'pass',
  expectedFailure: true,
  evidence: { expected: 'a retry', observed: 'retried after 1 s', lines: [] },
}

const warning: ScenarioResult = {
  ...base,
  id: 'CLAIM-003',
  group: 'Claiming',
  rule: 'does not retry aggressively',
  outcome: 'warning',
  evidence: {
    expected: 'at most 20 requests in 5 s',
    observed: '31 requests in 5 s',
    lines: ['12:00:20 GET /v3/jobs'],
  },
  output: ['polling'],
}

const notApplicable: ScenarioResult = {
  ...base,
  id: 'AUTH-001',
  group: 'Authentication',
  rule: 'refreshes an expired OAuth access token',
  outcome: 'not-applicable',
  evidence: {
    expected: 'a refresh after the token expired',
    observed: 'it authenticated with the API key: no token to expire',
    lines: [],
  },
}

export function sampleReport(): Report {
  return {
    kit: { name: 'fake-pleo conform', version: '0.1.0' },
    integration: { command: 'node my-integration.js', reference: false },
    strictWarnings: false,
    lenient: false,
    profile: {
      detection: 'webhook+polling',
      auth: 'oauth',
      pollIntervalSeconds: 1,
      pollIntervalRange: [1, 2],
      webhooks: { delivered: 6, accepted: 6 },
    },
    startedAt: '2025-01-02T03:04:05.000Z',
    durationMs: 9876,
    results: [pass, fail, error, expectedFailure, unexpectedPass, warning, notApplicable],
  }
}
