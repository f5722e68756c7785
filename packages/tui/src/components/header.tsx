// The header: the scenario, the sim clock and its speed, throughput, SAFE or UNSAFE, the fault
// preset and the checker's verdict so far. Until the first tick the race is still starting (its
// server and workers coming up one by one), and the header says so rather than "running".
// @jsxRuntime automatic (the file compiles the same under any loader or bundler config)
import { Box, Text } from 'ink'
import { Paint } from './paint.tsx'
import { formatClock, formatRate } from '../format.ts'
import type { RaceState } from '../race-reducer.ts'

export type HeaderProps = { readonly state: RaceState; readonly width: number }

export function Header({ state, width }: HeaderProps) {
  const { scenario, settings } = state
  const violation = state.firstViolation
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        <Text bold>fake-pleo race</Text>
        {` seed ${scenario.seed} · ${state.workers.size} workers · sim ${formatClock(state.now)} ×${settings.speed} · `}
        {settings.paused ? (
          <Paint color="yellow" bold>
            ⏸ PAUSED
          </Paint>
        ) : state.now === null ? (
          <Text>◌ starting</Text>
        ) : (
          <Text>▶ running</Text>
        )}
      </Text>
      <Text wrap="truncate">
        {settings.unsafe ? (
          <Paint color="red" bold>
            {`! UNSAFE server${settings.unsafeModes.length > 0 ? ` (${settings.unsafeModes.join(', ')})` : ''}`}
          </Paint>
        ) : (
          <Paint color="green">✓ SAFE server</Paint>
        )}
        {` · faults ${settings.faults} · ${formatRate(state.throughput)} claims/s · `}
        {state.violationCount === 0 ? (
          <Paint color="green">✓ 0 violations</Paint>
        ) : (
          <Paint color="red" bold>
            {`✗ ${state.violationCount} violation${state.violationCount === 1 ? '' : 's'}: ${violation?.message ?? ''}`}
          </Paint>
        )}
      </Text>
    </Box>
  )
}
