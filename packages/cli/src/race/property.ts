// `fake-pleo race --property` and `--replay FILE`. The campaign (fast-check over generated
// scenarios, each raced in-process and checked) opens its live view on a terminal, or runs
// headless: progress on stderr, the shrunk counterexample printed and, with --out, saved as JSON.
// A replay races a saved counterexample's scenario again and says whether the history and the
// violation came out the same. Exit code 0 when every run held, 1 on a violation.
import { readFileSync, writeFileSync } from 'node:fs'
import {
  counterexampleFile,
  readCounterexampleFile,
  runCampaign,
  runRace,
  toJsonLines,
  type CampaignOptions,
  type CampaignResult,
  type Operation,
} from '@fake-pleo/race'
import { UsageError } from '../args.ts'
import type { RaceArgs } from './args.ts'
import { parsePropertyArgs, type PropertyArgs } from './property-args.ts'
import { campaignHeader, campaignProgress, renderCampaign } from './property-report.ts'
import { renderJson, renderSummary } from './report.ts'
import type { RaceIo } from './command.ts'

function save(result: CampaignResult, out: string | undefined): void {
  const file = counterexampleFile(result)
  if (out !== undefined && file) writeFileSync(out, JSON.stringify(file, null, 2) + '\n')
}

function campaignOptions(p: PropertyArgs): CampaignOptions {
  return {
    runs: p.runs,
    ...(p.seed !== undefined ? { seed: p.seed } : {}),
    unsafe: p.unsafe,
    limits: p.limits,
  }
}

async function headlessCampaign(args: RaceArgs, p: PropertyArgs, io: RaceIo): Promise<number> {
  const progress = campaignProgress()
  const result = await runCampaign({
    ...campaignOptions(p),
    onEvent: (event) => {
      if (args.quiet) return
      if (event.type === 'started') io.err(campaignHeader(event.runs, event.seed, event.unsafe))
      const line = progress(event)
      if (line) io.err(line)
    },
  })
  save(result, p.out)
  if (args.json) {
    // The counterexample as the file holds it (with where the campaign found it).
    const json = { ...result, counterexample: counterexampleFile(result), out: p.out ?? null }
    io.out(JSON.stringify(json) + '\n')
  } else io.out(renderCampaign(result, p.out))
  return result.counterexample ? 1 : 0
}

async function liveCampaign(p: PropertyArgs, io: RaceIo): Promise<number> {
  process.env.NODE_ENV ??= 'production'
  const { runCampaignTui } = await import('@fake-pleo/tui')
  const result = await runCampaignTui({
    runs: p.runs,
    unsafe: p.unsafe,
    ...(p.out !== undefined ? { out: p.out } : {}),
    start: (onEvent, stopped) => runCampaign({ ...campaignOptions(p), onEvent, stopped }),
    save: (r) => save(r, p.out),
  })
  if (result) io.out(renderCampaign(result, p.out).split('\n').slice(0, 4).join('\n') + '\n')
  return result?.counterexample ? 1 : 0
}

/** Where two histories first differ (real-time stamps aside), or null when they are the same. */
export function firstDifference(a: readonly Operation[], b: readonly Operation[]): number | null {
  const strip = ({ time: _time, ...rest }: Operation) => JSON.stringify(rest)
  const n = Math.max(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a[i]
    const y = b[i]
    if (!x || !y || strip(x) !== strip(y)) return i
  }
  return null
}

async function replay(args: RaceArgs, io: RaceIo): Promise<number> {
  const path = args.replay ?? ''
  let saved: ReturnType<typeof readCounterexampleFile>
  try {
    saved = readCounterexampleFile(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new UsageError(`--replay: ${path}: ${(error as Error).message}`)
  }
  const result = await runRace(saved.scenario)
  if (args.history) writeFileSync(args.history, toJsonLines(result.history))
  const differs = firstDifference(saved.history, result.history)
  const verdict =
    differs === null
      ? `replay: the same ${result.history.length} operations as ${path}`
      : `replay: differs from ${path} at operation #${differs}`
  if (args.json) {
    const json = JSON.parse(renderJson(result, args.history)) as Record<string, unknown>
    io.out(
      JSON.stringify({
        ...json,
        replayed: { file: path, same: differs === null, differsAt: differs },
      }) + '\n',
    )
  } else io.out(renderSummary(result, args.history) + verdict + '\n')
  return result.check.valid && result.errors.length === 0 ? 0 : 1
}

export async function propertyCommand(
  mode: 'property' | 'replay',
  args: RaceArgs,
  io: RaceIo,
): Promise<number> {
  if (mode === 'replay') return replay(args, io)
  const p = parsePropertyArgs(args)
  return args.live ? liveCampaign(p, io) : headlessCampaign(args, p, io)
}
