// `serve --faults FILE`: reads a JSON document `{seed?, rules}` (the body PUT /_sim/faults takes)
// and builds the fault engine the server starts with. A file that cannot be read, is not JSON or
// holds a bad rule is a UsageError (exit code 2) that says which and where.
import { readFileSync } from 'node:fs'
import { parseFaultConfig } from '@fake-pleo/contract'
import { createFaultEngine, type ConfigurableFaultEngine } from '@fake-pleo/server'
import { UsageError } from './args.ts'

export function loadFaultsFile(path: string): ConfigurableFaultEngine {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error)
    throw new UsageError(`--faults: cannot read '${path}' (${code})`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`--faults: '${path}' is not valid JSON (${(error as Error).message})`)
  }
  const parsed = parseFaultConfig(json)
  if (!parsed.ok) {
    throw new UsageError(
      `--faults: '${path}' is not a valid {seed?, rules} document: ${parsed.message ?? 'invalid'}`,
    )
  }
  const engine = createFaultEngine(
    parsed.value.seed === undefined ? {} : { seed: parsed.value.seed },
  )
  engine.setRules(parsed.value)
  return engine
}
