// The webhook faults as the dispatcher applies them, one attempt at a time: which fault (if any)
// the fault engine picks for an attempt, and what each kind does to it. `drop` records a failed
// attempt without sending, `delay` waits first, `duplicate` posts the same bytes twice, `reorder`
// holds the message back until another one has gone out (see dispatch-loop.ts), and the signing
// faults date the timestamp past the receivers' 5 minutes (`stale-timestamp`), sign with a fresh
// unknown secret (`wrong-secret`) or flip a signature character (`bad-signature`).
import type { FaultEngine, WebhookFault } from '../faults/types.ts'
import type { OutboxRow } from '../store/webhook-store.ts'

/** How far back a stale-timestamp fault dates an attempt: past the 5 minutes receivers allow. */
const staleSeconds = 6 * 60

/** The fault the engine picks for the next attempt of a message (none without an engine). */
export function faultFor(
  faults: FaultEngine | undefined,
  row: OutboxRow,
): WebhookFault | undefined {
  return faults?.webhook({
    subscriptionId: row.subscriptionId,
    eventType: row.eventType,
    attempt: row.attempts + 1,
  })
}

/** Whether the message waits for another one to go out first. */
export const heldBack = (fault: WebhookFault | undefined): boolean => fault?.kind === 'reorder'

/** Whether the attempt is recorded as failed without being sent. */
export const dropped = (fault: WebhookFault | undefined): boolean => fault?.kind === 'drop'

/** Whether the request is posted a second time (only the first answer counts). */
export const duplicated = (fault: WebhookFault | undefined): boolean => fault?.kind === 'duplicate'

/** Milliseconds to wait before sending (0: none). */
export const delayOf = (fault: WebhookFault | undefined): number =>
  fault?.kind === 'delay' && fault.delayMs ? fault.delayMs : 0

/** The `webhook-timestamp` of an attempt, in seconds. */
export const timestampOf = (baseMs: number, fault: WebhookFault | undefined): number =>
  Math.floor(baseMs / 1000) - (fault?.kind === 'stale-timestamp' ? staleSeconds : 0)

/** The secrets an attempt is signed with: the subscription's, or one nobody knows. */
export const secretsFor = (
  fault: WebhookFault | undefined,
  active: () => string[],
  fresh: () => string,
): string[] => (fault?.kind === 'wrong-secret' ? [fresh()] : active())

/** The signature header as sent: corrupted by a bad-signature fault. */
export const signatureAsSent = (signature: string, fault: WebhookFault | undefined): string =>
  fault?.kind === 'bad-signature' ? corrupt(signature) : signature

function corrupt(signature: string): string {
  return signature
    .split(' ')
    .map((part) => {
      const [version, sig = ''] = part.split(',')
      const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)
      return `${version},${flipped}`
    })
    .join(' ')
}
