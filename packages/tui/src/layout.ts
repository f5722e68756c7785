// How the panes fit the terminal: which worker columns are shown at a width, how many worker rows
// and recent jobs fit. Narrow terminals drop columns and rows; wide ones get more of both.

export type WorkerColumn = 'id' | 'trigger' | 'state' | 'job' | 'won' | 'lost' | 'done' | 'error'
export type ColumnSpec = { column: WorkerColumn; title: string; width: number }

const fixed: ColumnSpec[] = [
  { column: 'id', title: 'w', width: 4 },
  { column: 'trigger', title: 'trigger', width: 8 },
  { column: 'state', title: 'state', width: 26 },
  { column: 'job', title: 'job', width: 9 },
  { column: 'won', title: 'won', width: 6 },
  { column: 'lost', title: 'lost', width: 6 },
  { column: 'done', title: 'done', width: 5 },
]

/** Columns dropped first when the terminal is narrow, in order. */
const dropOrder: WorkerColumn[] = ['trigger', 'done', 'lost', 'job']
const minErrorWidth = 20

export function workerColumns(width: number): ColumnSpec[] {
  let columns = fixed
  const total = () => columns.reduce((sum, c) => sum + c.width, 0)
  for (const drop of dropOrder) {
    if (total() <= width) break
    columns = columns.filter((c) => c.column !== drop)
  }
  const left = width - total()
  if (left >= minErrorWidth)
    columns = [...columns, { column: 'error', title: 'last error', width: left }]
  return columns
}

/** Live-area lines besides the worker rows: header 2, workers 1 + 1, more 1, jobs 4, footer 2. */
const otherLines = 12

/** Worker rows shown: about half the room left, so the log above stays visible. */
export const workerRowsFor = (rows: number): number =>
  Math.max(2, Math.floor((rows - otherLines) / 2) + 1)

/** Recent jobs shown on one line of `width` (10 cells each after the label). */
export const recentJobsFor = (width: number): number => Math.max(1, Math.floor((width - 8) / 10))
