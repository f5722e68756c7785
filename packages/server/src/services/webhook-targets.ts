// Where webhooks may go, and how many subscriptions a company may have. Loopback endpoints always
// work (receiving webhooks on this machine is the sandbox's point). When the fake is bound beyond
// loopback, endpoints on link-local addresses and cloud-metadata hosts are refused unless
// --allow-webhook-target names them: otherwise anyone with an API key could make the fake post to
// the metadata service of the machine it runs on, and read in /_sim/deliveries what answered.
// Only the URL's host is judged (no DNS lookup). The per-company cap bounds how many targets one
// key can probe. Both return the refusal's message, or undefined.
import { isLinkLocalOrMetadata, isLoopbackHost, normalHost } from '../net/hosts.ts'
import type { FidelityOptions } from '../options.ts'

type TargetOptions = Pick<FidelityOptions, 'host' | 'allowWebhookTargets'>

export function webhookTargetRefusal(
  options: TargetOptions,
  endpointUrl: string,
): string | undefined {
  let hostname: string
  try {
    hostname = new URL(endpointUrl).hostname
  } catch {
    return undefined // the schema has already refused what is not a URL
  }
  if (isLoopbackHost(options.host) || isLoopbackHost(hostname)) return undefined
  if (!isLinkLocalOrMetadata(hostname)) return undefined
  const allowed = options.allowWebhookTargets.map(normalHost)
  if (allowed.includes(normalHost(hostname))) return undefined
  return `endpointUrl: ${hostname} is a link-local or cloud-metadata address, refused while the fake is bound beyond loopback (${options.host}); start it with --allow-webhook-target ${hostname} if you mean it.`
}

export function subscriptionLimitRefusal(limit: number, live: number): string | undefined {
  if (live < limit) return undefined
  return `This company already has ${live} webhook subscriptions, the most the fake keeps per company (${limit}); delete one first.`
}
