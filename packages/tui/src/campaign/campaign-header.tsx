// The campaign's progress: the server, runs done of those asked, interleavings explored,
// throughput, the scenario being raced (compact) and the verdict so far.
// @jsxRuntime automatic (the file compiles the same under any loader or bundler config)
import { Box, Text } from 'ink'
import { scenarioLine } from '@fake-pleo/race'
import { Paint } from '../components/paint.tsx'
import { formatRate } from '../format.ts'
import { interleavingsPerSecond, runsPerSecond, type CampaignState } from './campaign-reducer.ts'

type Props = { readonly state: CampaignState; readonly width: number }

function Verdict({ state }: { readonly state: CampaignState }) {
  const first = state.firstFailure
  const broke = first?.violation
    ? `invariant ${first.violation.invariant} (${first.violation.rule})`
    : 'the race'
  switch (state.phase) {
    case 'starting':
    case 'searching':
      return <Paint color="green">{`✓ ${state.runs} runs held so far`}</Paint>
    case 'held':
      return (
        <Paint
          color="green"
          bold
        >{`✓ PASSED: every one of ${state.runs} runs held every invariant`}</Paint>
      )
    case 'stopped':
      return <Paint color="yellow">{`■ stopped after ${state.runs} runs, all held`}</Paint>
    case 'shrinking':
      return (
        <Paint color="red" bold>
          {`✗ run ${first?.run ?? '?'} broke ${broke} · shrinking: ${state.smaller} smaller in ${state.shrinkRuns} races` +
            ` (now ${state.smallest?.operations ?? '?'} operations)`}
        </Paint>
      )
    case 'found':
      return (
        <Paint color="red" bold>
          {`✗ COUNTEREXAMPLE: run ${first?.run ?? '?'} broke ${broke}; shrunk ${state.result?.shrinks ?? 0} times` +
            ` from ${first?.operations ?? '?'} to ${state.result?.counterexample?.history.length ?? '?'} operations`}
        </Paint>
      )
  }
}

export function CampaignHeader({ state, width }: Props) {
  const server =
    state.unsafe.length > 0 ? (
      <Paint color="red" bold>{`! UNSAFE server (${state.unsafe.join(', ')})`}</Paint>
    ) : (
      <Paint color="green">✓ SAFE server</Paint>
    )
  const racing = state.current
    ? `${state.phase === 'shrinking' ? 'shrinking ' : 'racing '}${scenarioLine(state.current)}`
    : '-'
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        <Text bold>fake-pleo race --property</Text>
        {` campaign seed ${state.seed ?? '-'} · `}
        {server}
      </Text>
      <Text wrap="truncate">
        {`runs ${state.runs}/${state.runsAsked} · ${state.shrinkRuns} shrinking · ${state.interleavings} interleavings · ` +
          `${formatRate(runsPerSecond(state))} runs/s · ${formatRate(interleavingsPerSecond(state))} interleavings/s`}
      </Text>
      <Text wrap="truncate">{racing}</Text>
      <Text wrap="truncate">
        <Verdict state={state} />
      </Text>
    </Box>
  )
}
