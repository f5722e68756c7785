// The OAuth side of the store: clients (their secrets kept only as SHA-256 hashes), single-use
// authorization codes, and access and refresh tokens grouped by grant (the family a refresh
// token rotates within). Codes and tokens are stored hashed too, so a dump of the database or
// a snapshot never holds a usable credential.
import { createHash, timingSafeEqual } from 'node:crypto'
import type Database from 'better-sqlite3'

export type OAuthClient = {
  clientId: string
  companyId: string
  redirectUris: string[]
  scopes: string[]
}

export type AuthorizationCode = {
  clientId: string
  redirectUri: string
  codeChallenge: string
  scopes: string[]
  grantId: string
  expiresAt: number
  usedAt: number | null
}

export type TokenKind = 'access' | 'refresh'

export type OAuthToken = {
  kind: TokenKind
  clientId: string
  companyId: string
  grantId: string
  scopes: string[]
  issuedAt: number
  expiresAt: number
  used: boolean
  revoked: boolean
}

export const hashSecret = (value: string): string =>
  createHash('sha256').update(value, 'utf8').digest('hex')

const clientFromRow = (row: Record<string, unknown>): OAuthClient => ({
  clientId: row.client_id as string,
  companyId: row.company_id as string,
  redirectUris: JSON.parse(row.redirect_uris as string) as string[],
  scopes: JSON.parse(row.scopes as string) as string[],
})

const codeFromRow = (row: Record<string, unknown>): AuthorizationCode => ({
  clientId: row.client_id as string,
  redirectUri: row.redirect_uri as string,
  codeChallenge: row.code_challenge as string,
  scopes: JSON.parse(row.scopes as string) as string[],
  grantId: row.grant_id as string,
  expiresAt: row.expires_at as number,
  usedAt: row.used_at as number | null,
})

const tokenFromRow = (row: Record<string, unknown>): OAuthToken => ({
  kind: row.kind as TokenKind,
  clientId: row.client_id as string,
  companyId: row.company_id as string,
  grantId: row.grant_id as string,
  scopes: JSON.parse(row.scopes as string) as string[],
  issuedAt: row.issued_at as number,
  expiresAt: row.expires_at as number,
  used: row.used === 1,
  revoked: row.revoked === 1,
})

export function createOAuthStore(db: Database.Database, onChange: () => void) {
  const q = {
    insertClient: db.prepare(
      `INSERT INTO oauth_clients (client_id, secret_hash, company_id, redirect_uris, scopes, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    getClient: db.prepare('SELECT * FROM oauth_clients WHERE client_id = ?'),
    listClients: db.prepare('SELECT * FROM oauth_clients WHERE company_id = ? ORDER BY rowid'),
    insertCode: db.prepare(
      `INSERT INTO oauth_codes (code_hash, client_id, redirect_uri, code_challenge, scopes, grant_id, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    getCode: db.prepare('SELECT * FROM oauth_codes WHERE code_hash = ?'),
    useCode: db.prepare(
      'UPDATE oauth_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL',
    ),
    insertToken: db.prepare(
      `INSERT INTO oauth_tokens (token_hash, kind, client_id, company_id, grant_id, scopes, issued_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    getToken: db.prepare('SELECT * FROM oauth_tokens WHERE token_hash = ?'),
    useToken: db.prepare(
      'UPDATE oauth_tokens SET used = 1 WHERE token_hash = ? AND used = 0 AND revoked = 0',
    ),
    revokeGrant: db.prepare('UPDATE oauth_tokens SET revoked = 1 WHERE grant_id = ?'),
    grantTokens: db.prepare('SELECT * FROM oauth_tokens WHERE grant_id = ? ORDER BY rowid'),
  }
  const changed = <T>(value: T): T => {
    onChange()
    return value
  }

  return {
    createClient(client: OAuthClient & { clientSecret: string }, now: number): void {
      q.insertClient.run(
        client.clientId,
        hashSecret(client.clientSecret),
        client.companyId,
        JSON.stringify(client.redirectUris),
        JSON.stringify(client.scopes),
        now,
      )
      onChange()
    },
    getClient(clientId: string): OAuthClient | undefined {
      const row = q.getClient.get(clientId) as Record<string, unknown> | undefined
      return row ? clientFromRow(row) : undefined
    },
    listClients(companyId: string): OAuthClient[] {
      return (q.listClients.all(companyId) as Record<string, unknown>[]).map(clientFromRow)
    },
    /** The client if the secret is right (hashes compared in constant time). */
    verifyClient(clientId: string, clientSecret: string): OAuthClient | undefined {
      const row = q.getClient.get(clientId) as Record<string, unknown> | undefined
      const given = Buffer.from(hashSecret(clientSecret), 'hex')
      const stored = Buffer.from((row?.secret_hash as string | undefined) ?? '0'.repeat(64), 'hex')
      const same = timingSafeEqual(given, stored)
      return row && same ? clientFromRow(row) : undefined
    },
    insertCode(code: string, record: Omit<AuthorizationCode, 'usedAt'>): void {
      q.insertCode.run(
        hashSecret(code),
        record.clientId,
        record.redirectUri,
        record.codeChallenge,
        JSON.stringify(record.scopes),
        record.grantId,
        record.expiresAt,
      )
      onChange()
    },
    findCode(code: string): AuthorizationCode | undefined {
      const row = q.getCode.get(hashSecret(code)) as Record<string, unknown> | undefined
      return row ? codeFromRow(row) : undefined
    },
    /** Marks the code used; false when it already was (a replay). */
    useCode(code: string, now: number): boolean {
      return changed(q.useCode.run(now, hashSecret(code)).changes === 1)
    },
    insertToken(token: string, record: Omit<OAuthToken, 'used' | 'revoked'>): void {
      q.insertToken.run(
        hashSecret(token),
        record.kind,
        record.clientId,
        record.companyId,
        record.grantId,
        JSON.stringify(record.scopes),
        record.issuedAt,
        record.expiresAt,
      )
      onChange()
    },
    findToken(token: string): OAuthToken | undefined {
      const row = q.getToken.get(hashSecret(token)) as Record<string, unknown> | undefined
      return row ? tokenFromRow(row) : undefined
    },
    /** Marks a refresh token used; false when it already was used or revoked. */
    useToken(token: string): boolean {
      return changed(q.useToken.run(hashSecret(token)).changes === 1)
    },
    /** Revokes every access and refresh token of a grant. */
    revokeGrant(grantId: string): void {
      changed(q.revokeGrant.run(grantId))
    },
    grantTokens(grantId: string): OAuthToken[] {
      return (q.grantTokens.all(grantId) as Record<string, unknown>[]).map(tokenFromRow)
    },
  }
}

export type OAuthStore = ReturnType<typeof createOAuthStore>
