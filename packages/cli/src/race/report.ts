// What `fake-pleo race` prints: a short human summary (with the first violations and the
// operations that show them) or one JSON object. Pure functions of the race result.
import type { Operation, RaceResult } from '@fake-pleo/race'

const detailed = 3
const shown = 10

function describeOp(op: Operation): string {
  const who = op.process === 'nemesis' ? 'nemesis' : `worker ${op.process}`
  const value =
    op.value === undefined || op.value === null ? '' : ` ${JSON.stringify(op.value).slice(0, 120)}`
  return `#${op.index} ${who} ${op.type} ${op.f}${op.jobId ? ` ${op.jobId}` : ''}${value}`
}

export function renderSummary(result: RaceResult, historyFile: string | undefined): string {
  const { scenario: s, summary: m, check } = result
  const polling = s.workers - s.webhookWorkers
  const lines = [
    `fake-pleo race: seed ${s.seed}, ${s.workers} workers (${s.webhookWorkers} webhook, ${polling} polling), ` +
      `${s.jobs} jobs, faults ${s.faults}, ${s.unsafe.length > 0 ? `UNSAFE ${s.unsafe.join(', ')}` : 'safe server'}, ${result.transport}`,
    `  jobs       ${m.jobs} created · ${m.completed} completed · ${m.completedWithErrors} with errors · ${m.failed} failed · ${m.expired} expired · ${m.open} open`,
    `  claims     ${m.claimsWon} won · ${m.claimsLost} lost (422) · ${m.steals} stolen by another integration`,
    `  requests   ${m.requests} by workers · ${m.conflicts} answered 422 · ${m.faults} faults or no answer`,
    `  workers    ${m.kills} kills and restarts`,
    `  zombies    ${m.zombies} zombie moves · ${m.paused} workers paused past their job's expiry`,
    `  books      ${m.doubleBooked} entries booked by two workers · ${m.rebooked} booked again after a restart`,
    `  time       ${(m.durationMs / 1000).toFixed(1)} s real · ${m.simSeconds} s virtual · ${m.claimsPerSecond} claims/s`,
  ]
  if (result.end === 'stalled') {
    lines.push('  run        STALLED: the virtual-time bound passed before every job ended')
  }
  if (result.errors.length > 0) lines.push(`  errors     ${result.errors.slice(0, 3).join('; ')}`)
  if (result.warnings.length > 0) {
    lines.push(`  warnings   ${result.warnings.slice(0, 3).join('; ')}`)
  }
  if (check.valid) {
    lines.push('  checker    0 violations: every invariant held')
    return lines.join('\n') + '\n'
  }
  lines.push(`  checker    ${check.violations.length} VIOLATIONS`)
  check.violations.slice(0, shown).forEach((violation, i) => {
    lines.push(`    [${violation.invariant} ${violation.rule}] ${violation.message}`)
    if (i >= detailed) return
    for (const op of violation.operations.slice(0, 12)) lines.push(`        ${describeOp(op)}`)
  })
  if (check.violations.length > shown) {
    lines.push(`    … and ${check.violations.length - shown} more (--json lists them)`)
  }
  if (!historyFile) lines.push('  Keep the whole history with --history FILE.')
  return lines.join('\n') + '\n'
}

export function renderJson(result: RaceResult, historyFile: string | undefined): string {
  const { scenario, summary, check, end, errors, warnings, transport } = result
  return (
    JSON.stringify({
      scenario,
      transport,
      end,
      summary,
      valid: check.valid,
      violations: check.violations.slice(0, 100),
      errors,
      warnings,
      ...(historyFile ? { history: historyFile } : {}),
    }) + '\n'
  )
}
