#!/usr/bin/env node
// The fake-pleo binary: registers the TypeScript loader and runs the CLI from source.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/main.ts')
process.exitCode = await main(process.argv.slice(2))
