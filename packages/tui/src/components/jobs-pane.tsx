// The jobs pane: how many jobs are in each status with a bar, the oldest pending job's age, the
// next expiry on the sim clock and the most recent jobs coloured by status.
// @jsxRuntime automatic (the file compiles the same under any loader or bundler config)
import { Box, Text } from 'ink'
import { Paint } from './paint.tsx'
import { bar, cell, formatDuration, jobStatuses, statusStyle, styleOfStatus } from '../format.ts'
import type { JobStatus } from '../format.ts'
import { recentJobsFor } from '../layout.ts'
import { shortId } from '../race-reducer.ts'
import type { JobsSnapshot } from '../race-types.ts'

export type JobsPaneProps = {
  readonly jobs: JobsSnapshot | null
  readonly now: number | null
  readonly width: number
}

function timing(jobs: JobsSnapshot, now: number | null): string {
  const oldest =
    jobs.oldestPendingAgeMs === null
      ? 'none pending'
      : `oldest pending ${formatDuration(jobs.oldestPendingAgeMs)}`
  const expiry =
    jobs.nextExpiryAt === null || now === null
      ? 'no expiry due'
      : `next expiry in ${formatDuration(jobs.nextExpiryAt - now)}`
  return `Jobs · ${oldest} · ${expiry}`
}

function Counts({
  jobs,
  statuses,
  width,
}: {
  readonly jobs: JobsSnapshot
  readonly statuses: readonly JobStatus[]
  readonly width: number
}) {
  const cellWidth = Math.floor(width / 3)
  const max = Math.max(...jobStatuses.map((s) => jobs.counts[s]))
  return (
    <Text wrap="truncate">
      {statuses.map((status) => {
        const { color, marker, label } = statusStyle[status]
        const count = jobs.counts[status]
        const barWidth = cellWidth - 19
        return (
          <Text key={status}>
            {cell(`${marker} ${label}`, 13)}
            {String(count).padStart(4)}{' '}
            <Paint color={color}>
              {cell(bar(count, max, barWidth), Math.max(0, barWidth))}
            </Paint>{' '}
          </Text>
        )
      })}
    </Text>
  )
}

export function JobsPane({ jobs, now, width }: JobsPaneProps) {
  if (!jobs) return <Text dimColor>Jobs · waiting for the first tick…</Text>
  const recent = jobs.recent.slice(0, recentJobsFor(width))
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate">
        {timing(jobs, now)}
      </Text>
      <Counts jobs={jobs} statuses={jobStatuses.slice(0, 3)} width={width} />
      <Counts jobs={jobs} statuses={jobStatuses.slice(3)} width={width} />
      <Text wrap="truncate">
        {'recent  '}
        {recent.map((job) => {
          const { color, marker } = styleOfStatus(job.status)
          return (
            <Paint key={job.id} color={color}>
              {cell(`${marker}${shortId(job.id)}`, 10)}
            </Paint>
          )
        })}
      </Text>
    </Box>
  )
}
