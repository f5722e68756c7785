// The footer: the unsafe confirmation when one is asked, "stopping" while the race stops, the
// summary once it has, and the key help.
// @jsxRuntime automatic (the file compiles the same under any loader or bundler config)
import { Box, Text } from 'ink'
import { Paint } from './paint.tsx'
import { keyHelp, unsafeQuestion, unsafeWarningFor } from '../keys.ts'
import type { RaceState } from '../race-reducer.ts'

export type FooterProps = { readonly state: RaceState; readonly width: number }

function status(state: RaceState): string {
  if (state.summary) {
    const s = state.summary
    return `■ stopped · ${s.claimsWon} claims won · ${s.claimsLost} lost · ${s.violations} violations`
  }
  if (state.stopping) return '■ stopping…'
  const saved = state.lastSaved
  return saved ? `✓ saved ${saved.operations} operations to ${saved.file}` : 'no history saved yet'
}

export function Footer({ state, width }: FooterProps) {
  return (
    <Box flexDirection="column" width={width}>
      {state.confirm === 'unsafe' ? (
        <>
          <Paint
            color="red"
            bold
            wrap="wrap"
          >{`! ${unsafeWarningFor(state.confirmMode ?? 'claims')}`}</Paint>
          <Paint color="red" bold wrap="truncate">{`! ${unsafeQuestion}`}</Paint>
        </>
      ) : (
        <Text dimColor wrap="truncate">
          {status(state)}
        </Text>
      )}
      <Text wrap="wrap">{keyHelp}</Text>
    </Box>
  )
}
