// The counterexample as a timeline: the violation, the shrunk scenario, a window of operations
// around the step shown (▶ marks it, * the violation's operations, ✗ where the invariant
// breaks), then every process's view and every job's status after that step, and the commands
// that replay the race.
// @jsxRuntime automatic (the file compiles the same under any loader or bundler config)
import { Box, Text } from 'ink'
import { replayCommands, scenarioLine, type TimelineStep } from '@fake-pleo/race'
import { Paint } from '../components/paint.tsx'
import { cell } from '../format.ts'
import type { CampaignState } from './campaign-reducer.ts'
import { campaignKeyHelp } from './campaign-keys.ts'

type Props = { readonly state: CampaignState; readonly width: number; readonly rows: number }

const who = (p: number | 'nemesis') => (p === 'nemesis' ? 'nemesis' : `worker ${p}`)

function StepLine({
  step,
  current,
  width,
}: {
  readonly step: TimelineStep
  readonly current: boolean
  readonly width: number
}) {
  const mark = `${current ? '▶' : ' '}${step.evidence ? '*' : ' '}${step.breaks ? '✗' : ' '}`
  const text = cell(`${mark} #${step.operation.index} ${step.text}`, width)
  return current ? (
    <Text inverse wrap="truncate">
      {text}
    </Text>
  ) : (
    <Paint color={step.evidence ? 'red' : undefined} wrap="truncate">
      {text}
    </Paint>
  )
}

function Window({
  state,
  width,
  lines,
}: {
  readonly state: CampaignState
  readonly width: number
  readonly lines: number
}) {
  const steps = state.timeline?.steps ?? []
  const start = Math.max(0, Math.min(state.cursor - Math.floor(lines / 2), steps.length - lines))
  const shown = steps.slice(start, start + lines)
  return (
    <Box flexDirection="column">
      {shown.map((step, i) => (
        <StepLine key={start + i} step={step} current={start + i === state.cursor} width={width} />
      ))}
    </Box>
  )
}

function After({ step, width }: { readonly step: TimelineStep; readonly width: number }) {
  const half = Math.floor(width / 2)
  const processes = step.processes.map((p) => {
    const holds = p.holding.length > 0 ? `holds ${p.holding.join(', ')}` : 'holds nothing'
    const doing = p.waiting
      ? ` · waits: ${p.waiting.replace(/^(worker \d+|nemesis) invoke /, '')}`
      : ''
    return `${who(p.process)}: ${holds}${doing}`
  })
  const jobs = step.jobs.map((j) => {
    const held = j.holders.length > 0 ? ` held by ${j.holders.map(who).join(', ')}` : ''
    return `${j.label} ${j.id.slice(0, 8)} ${j.status}${held} · ${j.claims} claim${j.claims === 1 ? '' : 's'}`
  })
  const rows = Math.max(processes.length, jobs.length)
  return (
    <Box flexDirection="column">
      <Text bold>{cell('each process after this step', half) + 'each job after this step'}</Text>
      {Array.from({ length: rows }, (_, i) => (
        <Text key={i} wrap="truncate">
          {cell(processes[i] ?? '', half - 1) + ' ' + (jobs[i] ?? '')}
        </Text>
      ))}
    </Box>
  )
}

export function TimelineView({ state, width, rows }: Props) {
  const timeline = state.timeline
  const found = state.result?.counterexample
  if (!timeline || !found) return null
  const step = timeline.steps[state.cursor]
  const violation = timeline.violation
  const [replay, inline] = replayCommands(found.scenario, state.saved ?? undefined)
  const fixed = 16 + Math.max(step?.processes.length ?? 0, step?.jobs.length ?? 0)
  const lines = Math.max(3, rows - fixed)
  return (
    <Box flexDirection="column" width={width}>
      <Paint color="red" wrap="truncate">
        {violation
          ? `✗ invariant ${violation.invariant} (${violation.rule}): ${violation.message}`
          : `✗ the race failed: ${found.errors[0] ?? ''}`}
      </Paint>
      <Text wrap="truncate">{`  ${scenarioLine(found.scenario)} · fast-check seed ${state.result?.seed ?? '-'} path ${state.result?.path ?? '-'}`}</Text>
      <Text wrap="truncate">
        <Text bold>{`step ${state.cursor + 1}/${timeline.steps.length}`}</Text>
        {step?.breaks ? (
          <Paint color="red" bold>
            {'  ✗ the invariant breaks here'}
          </Paint>
        ) : (
          ''
        )}
        {step?.evidence && !step.breaks ? '  * part of the violation' : ''}
      </Text>
      <Window state={state} width={width} lines={lines} />
      {step ? <After step={step} width={width} /> : null}
      {/* Wrapped, not cut: the commands are there to be copied whole. */}
      <Text wrap="wrap">{`replay: ${replay ?? ''}`}</Text>
      {inline ? <Text wrap="wrap">{`    or: ${inline}`}</Text> : null}
      <Text wrap="wrap" dimColor>
        {campaignKeyHelp}
      </Text>
    </Box>
  )
}
