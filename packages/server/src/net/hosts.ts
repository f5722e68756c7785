// What kind of host a name or address is: loopback (only this machine reaches it), a wildcard
// bind (every interface), or a link-local / cloud-metadata target (never a webhook endpoint when
// the fake is reachable from the network). Pure string checks, no DNS: shared by the control
// API's Host check, the start-up refusal of an open control API and the webhook target rule.
import { isIP } from 'node:net'

/** A host as URL.hostname spells it: lower case, IPv6 without brackets, no trailing dot. */
export function normalHost(host: string): string {
  const bare = host.trim().toLowerCase().replace(/\.$/, '')
  return bare.startsWith('[') && bare.endsWith(']') ? bare.slice(1, -1) : bare
}

function ipv4Octets(host: string): number[] | undefined {
  if (isIP(host) !== 4) return undefined
  return host.split('.').map(Number)
}

/** The IPv4 address an IPv4-mapped IPv6 address (`::ffff:a.b.c.d` or `::ffff:7f00:1`) stands for. */
function mappedIpv4(host: string): string | undefined {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host)
  if (dotted?.[1]) return dotted[1]
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host)
  if (!hex?.[1] || !hex[2]) return undefined
  const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)]
  return [high >> 8, high & 255, low >> 8, low & 255].join('.')
}

/** `localhost`, `*.localhost` (RFC 6761: always this machine), 127.0.0.0/8 and ::1. */
export function isLoopbackHost(host: string): boolean {
  const name = normalHost(host)
  if (name === 'localhost' || name.endsWith('.localhost')) return true
  if (name === '::1') return true
  const v4 = ipv4Octets(mappedIpv4(name) ?? name)
  return v4?.[0] === 127
}

/** `0.0.0.0` and `::`: bound to every interface. */
export function isWildcardHost(host: string): boolean {
  const name = normalHost(host)
  return name === '0.0.0.0' || name === '::' || name === ''
}

const metadataNames = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
])

/** Addresses cloud providers answer instance metadata (and credentials) on, outside link-local. */
const metadataAddresses = new Set(['100.100.100.200', 'fd00:ec2::254', '192.0.0.192'])

/**
 * Link-local addresses (169.254.0.0/16, fe80::/10), where cloud instance metadata lives, and the
 * metadata services' well-known names and other addresses.
 */
export function isLinkLocalOrMetadata(host: string): boolean {
  const name = normalHost(host)
  if (metadataNames.has(name) || metadataAddresses.has(name)) return true
  const v4 = ipv4Octets(mappedIpv4(name) ?? name)
  if (v4) return v4[0] === 169 && v4[1] === 254
  return isIP(name) === 6 && /^fe[89ab][0-9a-f]:/.test(name)
}

/**
 * Why a fake bound to `host` may not start, or undefined when it may: beyond loopback the
 * control API (reset, clock, faults, companies) would be open to everyone who can reach the port,
 * so it needs an admin token (decision 0019).
 */
export function openControlApiProblem(options: {
  host: string
  adminToken: string | undefined
}): string | undefined {
  if (isLoopbackHost(options.host) || options.adminToken !== undefined) return undefined
  return `--host ${options.host} reaches beyond loopback, and the control API (/_sim: reset, clock, faults, companies) would be open to anyone who can reach the port. Pass --admin-token TOKEN (or FAKE_PLEO_ADMIN_TOKEN) to guard it, or bind to 127.0.0.1.`
}
