// Authentication: an integration on OAuth refreshes an expired access token, keeps the rotated
// refresh token and never presents a used one. The kit lets it finish a job, moves the virtual
// clock past the access token's lifetime and presses Export, twice: each time its token is dead,
// so its next request is refused 401 and it must refresh; the second refresh must present the
// refresh token the first one returned. Pleo's tokens rotate and a used refresh token revokes its
// whole grant (OAuth 2.1), as the fake does. The verdict rests on the token requests the kit
// captured (each refresh token presented, in order) and the fake's token store (was a grant
// revoked), not on timing. An integration on the API key has no token to refresh: not applicable.
import type { Captured } from '../stage.ts'
import type { ScenarioDefinition } from '../scenario.ts'
import { ended } from './support.ts'

const rounds = 2
const processed = (status: string | undefined) =>
  status === 'completed' || status === 'completed_with_errors'

/** The refresh token a POST /oauth/token presented (refresh_token grant), or undefined. */
export function presentedRefreshToken(c: Captured): string | undefined {
  if (c.method !== 'POST' || c.path !== '/oauth/token' || typeof c.body !== 'string') return
  const form = new URLSearchParams(c.body)
  return form.get('grant_type') === 'refresh_token'
    ? (form.get('refresh_token') ?? undefined)
    : undefined
}

const masked = (token: string) => `${token.slice(0, 10)}…`

const auth001: ScenarioDefinition = {
  id: 'AUTH-001',
  group: 'Authentication',
  rule: 'refreshes an expired OAuth access token, presents the rotated refresh token next time and never a used one',
  async run(ctx) {
    const { stage } = ctx
    const first = await stage.press()
    await ctx.start()
    await ended(ctx, first.id)
    await ctx.settle()
    const expected = `after each of ${rounds} moves of the clock past the access token's lifetime, a refresh (grant_type=refresh_token) answered 200 and the new job processed; every refresh presents the refresh token the previous one returned, none is presented twice, no grant is revoked`
    if (!stage.requests.some((c) => c.auth === 'bearer')) {
      const schemes = [...new Set(stage.requests.map((c) => c.auth))].join(', ') || 'none'
      return {
        outcome: 'not-applicable',
        expected,
        observed: `it authenticated without OAuth (Authorization: ${schemes}), so it has no access token to expire`,
        lines: ctx.lines().slice(0, 5),
      }
    }
    const lifetime = stage.fake.deps.options.accessTokenTtlSeconds
    const moves: number[] = []
    const statuses: (string | undefined)[] = []
    for (let round = 0; round < rounds; round++) {
      await stage.control.advanceClock(lifetime + 60)
      moves.push(stage.elapsed())
      const job = await stage.press()
      statuses.push(await ended(ctx, job.id))
      await ctx.settle()
    }
    const refreshes = stage.oauthRequests.flatMap((c) => {
      const token = presentedRefreshToken(c)
      return token === undefined ? [] : [{ c, token }]
    })
    const reused = refreshes.filter((r, i) =>
      refreshes.slice(0, i).some((p) => p.token === r.token),
    )
    const grants = new Set(
      refreshes.flatMap((r) => stage.fake.deps.store.oauth.findToken(r.token)?.grantId ?? []),
    )
    const revoked = [...grants].filter((grant) =>
      stage.fake.deps.store.oauth.grantTokens(grant).some((t) => t.revoked),
    )
    const refreshedAfter = moves.map((at, i) =>
      refreshes.some(
        (r) => r.c.at > at && r.c.at < (moves[i + 1] ?? Infinity) && r.c.status === 200,
      ),
    )
    const held =
      reused.length === 0 &&
      revoked.length === 0 &&
      refreshedAfter.every(Boolean) &&
      statuses.every(processed)
    const lines = [
      ...moves.map((at) => `+${(at / 1000).toFixed(2)}s kit: clock moved ${lifetime + 60} s`),
      ...refreshes.map(
        ({ c, token }) =>
          `+${(c.at / 1000).toFixed(2)}s POST /oauth/token refresh_token ${masked(token)}${reused.some((r) => r.c === c) ? ' (presented before)' : ''} → ${c.status}`,
      ),
    ].sort((a, b) => parseFloat(a.slice(1)) - parseFloat(b.slice(1)))
    return {
      outcome: held ? 'pass' : 'fail',
      expected,
      observed: `${refreshes.length} refresh(es), ${refreshedAfter.filter(Boolean).length} of ${rounds} expiries followed by a successful one; ${reused.length} presented a refresh token already used; ${revoked.length} grant(s) revoked; the jobs after each expiry are ${statuses.map((s) => s ?? 'missing').join(', ')}`,
      lines,
    }
  },
}

export const authentication = [auth001]
