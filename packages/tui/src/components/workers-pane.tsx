// The workers pane: one row per worker (state, job, claims won and lost, jobs done, last error),
// as many rows as fit and "+N more" for the rest.
// @jsxRuntime automatic (the file compiles the same under any loader or bundler config)
import { Box, Text } from 'ink'
import { Paint } from './paint.tsx'
import { column as fit } from '../format.ts'
import { workerColumns, type ColumnSpec, type WorkerColumn } from '../layout.ts'
import { shortId } from '../race-reducer.ts'
import { describeActivity, type WorkerActivity, type WorkerRow, type Workers } from '../workers.ts'

export type WorkersPaneProps = {
  readonly workers: Workers
  readonly width: number
  readonly maxRows: number
}

const activityStyle: Record<WorkerActivity, { color?: string; marker: string }> = {
  idle: { color: 'gray', marker: '·' },
  listing: { marker: '…' },
  verifying: { marker: '?' },
  claiming: { color: 'cyan', marker: '→' },
  processing: { color: 'green', marker: '▸' },
  completing: { color: 'green', marker: '▸' },
  'backing off': { color: 'yellow', marker: '!' },
  crashed: { color: 'red', marker: '✗' },
  paused: { color: 'magenta', marker: '⏸' },
}

const cellText = (row: WorkerRow, column: WorkerColumn): string => {
  switch (column) {
    case 'id':
      return `w${row.id}`
    case 'trigger':
      return row.trigger ?? '-'
    case 'state':
      return `${activityStyle[row.activity].marker} ${describeActivity(row)}`
    case 'job':
      return shortId(row.jobId)
    case 'won':
      return String(row.won)
    case 'lost':
      return String(row.lost)
    case 'done':
      return String(row.completed)
    case 'error':
      return row.lastError ?? ''
  }
}

function Row({ row, columns }: { readonly row: WorkerRow; readonly columns: ColumnSpec[] }) {
  return (
    <Text wrap="truncate">
      {columns.map(({ column, width }) => (
        <Paint
          key={column}
          color={column === 'state' ? activityStyle[row.activity].color : undefined}
          dimColor={column === 'error'}
        >
          {fit(cellText(row, column), width)}
        </Paint>
      ))}
    </Text>
  )
}

export function WorkersPane({ workers, width, maxRows }: WorkersPaneProps) {
  const columns = workerColumns(width)
  const rows = [...workers.values()].sort((a, b) => a.id - b.id)
  const shown = rows.length > maxRows ? rows.slice(0, maxRows - 1) : rows
  const hidden = rows.length - shown.length
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate">
        {columns.map((c) => fit(c.title, c.width)).join('')}
      </Text>
      {shown.map((row) => (
        <Row key={row.id} row={row} columns={columns} />
      ))}
      {rows.length === 0 && <Text dimColor>no workers</Text>}
      {hidden > 0 && <Text dimColor>{`+${hidden} more`}</Text>}
    </Box>
  )
}
