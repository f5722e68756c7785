#!/usr/bin/env node
// The `fake-pleo` binary of the published package: runs the command line, then exits with its
// code. The live view (Ink, React) is a separate chunk that only `race` in a terminal loads.
import { main } from '@fake-pleo/cli'

const code = await main(process.argv.slice(2))
process.exitCode = code
// The command has finished; idle keep-alive sockets of fetch must not hold the process for
// seconds. An unref'd timer fires only if something else still keeps the event loop alive.
setTimeout(() => process.exit(code), 250).unref()
