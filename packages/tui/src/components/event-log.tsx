// The event log: each line written once above the live panes by Ink's <Static>. When the reducer
// drops old lines it bumps `epoch`, and the log is remounted with only the new ones.
// @jsxRuntime automatic (the file compiles the same under any loader or bundler config)
import { Box, Static } from 'ink'
import { Paint } from './paint.tsx'
import { toneColor } from '../format.ts'
import type { LogState } from '../log.ts'

export type EventLogProps = { readonly log: LogState; readonly width: number }

export function EventLog({ log, width }: EventLogProps) {
  return (
    <Static key={log.epoch} items={log.lines}>
      {(line) => (
        <Box key={line.id} width={width}>
          <Paint color={toneColor[line.tone]} wrap={line.tone === 'bad' ? 'wrap' : 'truncate'}>
            {line.text}
          </Paint>
        </Box>
      )}
    </Static>
  )
}
