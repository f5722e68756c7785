// Small text helpers for the panes: durations, the sim clock, bars and fixed-width cells, plus
// the colour and marker of each tone and job status (markers keep the meaning without colour).
import { exportJobStatuses, type ExportJobStatus } from '@fake-pleo/contract'
import type { LogTone } from './log.ts'

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 60) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`
}

/** The virtual clock as ISO time without milliseconds. */
export const formatClock = (ms: number | null): string =>
  ms === null ? '--' : new Date(ms).toISOString().slice(0, 19) + 'Z'

export const formatRate = (perSecond: number): string =>
  perSecond >= 100 ? perSecond.toFixed(0) : perSecond.toFixed(1)

/** A bar of `width` cells at most, `value` of `max` long (at least one cell when value > 0). */
export function bar(value: number, max: number, width: number): string {
  if (value <= 0 || max <= 0 || width <= 0) return ''
  return '█'.repeat(Math.max(1, Math.round((Math.min(value, max) / max) * width)))
}

/** A table column: `width` characters with at least one blank after the text. */
export const column = (text: string, width: number): string => cell(text, width - 1) + ' '

/** Exactly `width` characters: padded, or cut with an ellipsis. */
export function cell(text: string, width: number): string {
  if (width <= 0) return ''
  if (text.length <= width) return text.padEnd(width)
  return width === 1 ? '…' : text.slice(0, width - 1) + '…'
}

export const toneColor: Record<LogTone, string | undefined> = {
  good: 'green',
  bad: 'red',
  warn: 'yellow',
  info: 'cyan',
  muted: 'gray',
}

export type JobStatus = ExportJobStatus

export const jobStatuses: readonly JobStatus[] = exportJobStatuses

export const statusStyle: Record<JobStatus, { color: string; marker: string; label: string }> = {
  pending: { color: 'yellow', marker: '·', label: 'pending' },
  in_progress: { color: 'cyan', marker: '▸', label: 'in progress' },
  completed: { color: 'green', marker: '✓', label: 'completed' },
  completed_with_errors: { color: 'magenta', marker: '~', label: 'w/ errors' },
  failed: { color: 'red', marker: '✗', label: 'failed' },
  expired: { color: 'gray', marker: '!', label: 'expired' },
}

export const styleOfStatus = (status: string) =>
  statusStyle[status as JobStatus] ?? { color: 'white', marker: '?', label: status }
