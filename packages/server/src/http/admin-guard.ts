// Guards the control API when the server is given an admin token: every /_sim request must then
// carry `Authorization: Bearer <token>` (compared in constant time). Without a token the control
// API is open, which is the default on loopback.
import { timingSafeEqual } from 'node:crypto'
import { ApiError } from '../api-error.ts'
import type { Step } from './request-frame.ts'

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export function adminGuard(token: string | undefined): Step {
  return (c) => {
    if (token !== undefined) {
      const header = c.req.header('authorization') ?? ''
      const match = /^Bearer\s+(.+)$/i.exec(header.trim())
      if (!match?.[1] || !sameSecret(match[1], token)) {
        throw new ApiError(
          'UNAUTHORIZED',
          'The control API needs the admin token: send Authorization: Bearer <admin token>.',
          { 'WWW-Authenticate': 'Bearer realm="fake-pleo control API"' },
        )
      }
    }
  }
}
