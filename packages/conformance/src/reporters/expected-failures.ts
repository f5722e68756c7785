// Reads the file given to `--expected-failures`: the scenario ids an integration is known to fail,
// either as a JSON array of ids or one id per line (blank lines and `#` comments ignored). An id
// that is not in the plan is an error naming it, so a typo cannot silently hide a failure.

export type ExpectedFailures = { ok: true; ids: string[] } | { ok: false; error: string }

export function parseExpectedFailures(text: string, knownIds: readonly string[]): ExpectedFailures {
  const parsed = text.trimStart().startsWith('[') ? fromJson(text) : fromLines(text)
  if (!parsed.ok) return parsed
  const ids = [...new Set(parsed.ids)]
  const known = new Set(knownIds)
  const unknown = ids.filter((id) => !known.has(id))
  if (unknown.length > 0) {
    const noun = unknown.length === 1 ? 'an unknown scenario id' : 'unknown scenario ids'
    return {
      ok: false,
      error: `${noun}: ${unknown.join(', ')} (the plan has ${rangeOf(knownIds)})`,
    }
  }
  return { ok: true, ids }
}

function fromJson(text: string): ExpectedFailures {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { ok: false, error: `not valid JSON (${(error as Error).message})` }
  }
  if (!Array.isArray(value)) return { ok: false, error: 'expected a JSON array of scenario ids' }
  const bad = value.findIndex((x) => typeof x !== 'string')
  if (bad !== -1) {
    return { ok: false, error: `item ${bad} is ${JSON.stringify(value[bad])}, not a scenario id` }
  }
  return { ok: true, ids: (value as string[]).map((id) => id.trim()).filter((id) => id !== '') }
}

function fromLines(text: string): ExpectedFailures {
  const ids = text
    .split(/\r?\n/)
    .map((line) => stripComment(line).trim())
    .filter((line) => line !== '')
  return { ok: true, ids }
}

function stripComment(line: string): string {
  const hash = line.indexOf('#')
  return hash === -1 ? line : line.slice(0, hash)
}

function rangeOf(ids: readonly string[]): string {
  if (ids.length === 0) return 'no scenarios'
  if (ids.length <= 3) return ids.join(', ')
  return `${ids[0] ?? ''} … ${ids[ids.length - 1] ?? ''}`
}
