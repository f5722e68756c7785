// `--unsafe MODE[,MODE]` on serve and race: named modes, a bare `--unsafe` and `--unsafe-claims`
// meaning `claims`, an unknown mode refused with the catalogue, and the help naming every mode.
import { describe, expect, it } from 'vitest'
import { unsafeModes } from '@fake-pleo/contract'
import { bareUnsafe, UsageError } from '../src/args.ts'
import { parseRaceArgs, raceHelp } from '../src/race/args.ts'
import { parseServeArgs, serveHelp } from '../src/serve.ts'

describe('--unsafe', () => {
  it('rewrites a bare --unsafe to claims, and leaves a named one alone', () => {
    expect(bareUnsafe(['--unsafe'])).toEqual(['--unsafe=claims'])
    expect(bareUnsafe(['--unsafe', '--seed', '5'])).toEqual(['--unsafe=claims', '--seed', '5'])
    expect(bareUnsafe(['--unsafe', 'late-items'])).toEqual(['--unsafe', 'late-items'])
  })

  it('serve: takes MODE[,MODE], --unsafe-claims adds claims, default none', () => {
    expect(parseServeArgs([]).unsafe).toEqual([])
    expect(parseServeArgs(['--unsafe']).unsafe).toEqual(['claims'])
    expect(parseServeArgs(['--unsafe-claims']).unsafe).toEqual(['claims'])
    expect(parseServeArgs(['--unsafe', 'big-batches,late-items']).unsafe).toEqual([
      'late-items',
      'big-batches',
    ])
    expect(parseServeArgs(['--unsafe', 'no-expiry', '--unsafe-claims']).unsafe).toEqual([
      'claims',
      'no-expiry',
    ])
    expect(() => parseServeArgs(['--unsafe', 'nope'])).toThrow(UsageError)
  })

  it('race: the scenario gets the modes; a bare --unsafe stays claims', () => {
    const seed = () => 1
    expect(parseRaceArgs(['--headless'], seed).scenario.unsafe).toEqual([])
    expect(parseRaceArgs(['--headless', '--unsafe'], seed).scenario.unsafe).toEqual(['claims'])
    const named = parseRaceArgs(['--unsafe', 'second-final', '--zombies', '9'], seed)
    expect(named.scenario).toMatchObject({ unsafe: ['second-final'], zombies: 9 })
    expect(() => parseRaceArgs(['--unsafe', 'late'], seed)).toThrow(/unknown unsafe mode late/)
  })

  it('names every mode in both help texts', () => {
    for (const mode of unsafeModes) {
      expect(serveHelp).toContain(mode)
      expect(raceHelp).toContain(mode)
    }
  })
})
