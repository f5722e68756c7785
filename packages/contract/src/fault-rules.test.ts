// The fault rule documents `PUT /_sim/faults` and `serve --faults FILE` take: a valid one is
// accepted as given, and each problem is reported with its field and reason.
import { describe, expect, it } from 'vitest'
import { parseFaultConfig } from './fault-rules.ts'

describe('parseFaultConfig', () => {
  it('accepts a valid document', () => {
    const config = {
      seed: 'x',
      rules: [
        { target: 'http', route: 'GET /v3/export-jobs', latencyMs: [1, 2], status: 503, count: 2 },
        { target: 'webhook', kind: 'delay', eventType: 'v1.export-job.created', delayMs: 10 },
      ],
    }
    expect(parseFaultConfig(config)).toEqual({ ok: true, value: config })
  })

  it('names the field and the reason of each problem', () => {
    const message = (value: unknown) => {
      const result = parseFaultConfig(value)
      return result.ok ? 'ok' : (result.message ?? '')
    }
    expect(message({ rules: [{ target: 'http', status: 418 }] })).toBe(
      "'rules.0.status': must be one of 404, 429, 500, 502, 503, 504",
    )
    expect(message({ rules: [{ target: 'http', status: 404 }] })).toBe(
      "'rules.0.status': 404 applies only to receipt downloads: give a route under /receipts, e.g. 'GET /receipts/*'",
    )
    expect(message({ rules: [{ target: 'http' }] })).toBe(
      "'rules.0': an http rule needs latencyMs, status or oversizedBytes",
    )
    expect(message({ rules: [{ target: 'http', latencyMs: 5, retryAfter: 2 }] })).toBe(
      "'rules.0.retryAfter': only goes with status",
    )
    expect(message({ rules: [{ target: 'http', latencyMs: [9, 1] }] })).toBe(
      "'rules.0.latencyMs': a range [min, max] needs min <= max",
    )
    for (const latencyMs of ['5', [1, 2, 3], { min: 1 }]) {
      expect(message({ rules: [{ target: 'http', latencyMs }] })).toBe(
        "'rules.0.latencyMs': must be whole milliseconds from 0 to 60000, or a range [min, max]",
      )
    }
    expect(message({ rules: [{ target: 'http', latencyMs: -1 }] })).toMatch(/>=0/)
    expect(message({ rules: [{ target: 'http', latencyMs: 60_001 }] })).toMatch(/<=60000/)
    expect(message({ rules: [{ target: 'http', latencyMs: 1.5 }] })).toMatch(/whole milliseconds/)
    expect(message({ rules: [{ target: 'http', status: 503, probability: 2 }] })).toMatch(
      /^'rules.0.probability': /,
    )
    expect(message({ rules: [{ target: 'http', status: 503, count: 0 }] })).toMatch(
      /^'rules.0.count': /,
    )
    expect(message({ rules: [{ target: 'webhook', kind: 'explode' }] })).toMatch(
      /^'rules.0.kind': must be one of drop, duplicate, delay/,
    )
    expect(
      message({ rules: [{ target: 'webhook', kind: 'drop', eventType: 'toString' }] }),
    ).toMatch(/^'rules.0.eventType': must be one of v1.export-job.created/)
    expect(message({ rules: [{ target: 'webhook', kind: 'drop', delayMs: 5 }] })).toBe(
      "'rules.0.delayMs': only goes with kind 'delay'",
    )
    expect(message({ rules: [{ target: 'smtp' }] })).toMatch(/^'rules.0.target': /)
    expect(message({ rules: [], extra: 1 })).toMatch(/extra/)
    expect(message({ seed: 'x' })).toMatch(/^'rules': /)
  })
})
