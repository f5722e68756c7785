// The event log: each line written once above the live panes by Ink's <Static>. When the reducer
// drops old lines it bumps `epoch`, and the log is remounted with only the new ones.
import { Static, Text } from 'ink'
import { toneColor } from '../format.ts'
import type { LogState } from '../log.ts'

export type EventLogProps = { readonly log: LogState; readonly width: number }

export function EventLog({ log, width }: EventLogProps) {
  return (
    <Static key={log.epoch} items={log.lines}>
      {(line) => (
        <Text key={line.id} color={toneColor[line.tone]} wrap="truncate">
          {line.text.length > width ? line.text.slice(0, width) : line.text}
        </Text>
      )}
    </Static>
  )
}
