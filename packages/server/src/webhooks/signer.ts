// Signs webhook bodies the Standard Webhooks / Svix way with the svix library: one `v1,<base64>`
// per active secret, space-separated (several during a secret rotation's grace period).
import { Webhook } from 'svix'

export function signatureHeader(
  secrets: readonly string[],
  webhookId: string,
  timestampSeconds: number,
  body: string,
): string {
  const at = new Date(timestampSeconds * 1000)
  return secrets.map((secret) => new Webhook(secret).sign(webhookId, at, body)).join(' ')
}
