// The fake-pleo command line: parses the subcommand and hands over. Exit codes: 0 success,
// 1 failure, 2 bad arguments.
import { version } from '@fake-pleo/server'
import { UsageError } from './args.ts'
import { claimCommand } from './claim.ts'
import { conformCommand } from './conform.ts'
import { listenCommand } from './listen.ts'
import { raceCommand } from './race/command.ts'
import { serveCommand } from './serve.ts'

export const mainHelp = `fake-pleo ${version}: a local fake of Pleo's Export API

Usage: fake-pleo <command> [options]

Commands:
  serve        start the fake API server (fake-pleo serve --help for options)
  listen       receive and verify webhooks locally (fake-pleo listen --help for options)
  claim        run the reference claimer against an API (fake-pleo claim --help for options)
  race         watch claimers race for export jobs, or check claim safety headless
               (fake-pleo race --help)
  conform      grade an integration against Pleo's export rules (fake-pleo conform --help)

Options:
  -h, --help     show this help
  -v, --version  print the version
`

const io = {
  out: (text: string) => void process.stdout.write(text),
  err: (text: string) => void process.stderr.write(text),
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.out(mainHelp)
      return command === undefined ? 2 : 0
    }
    if (command === '--version' || command === '-v') {
      io.out(`${version}\n`)
      return 0
    }
    if (command === 'serve') return await serveCommand(rest, io)
    if (command === 'listen') return await listenCommand(rest, io)
    if (command === 'claim') return await claimCommand(rest, io)
    if (command === 'conform') {
      const color = Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined
      return await conformCommand(rest, { ...io, color })
    }
    if (command === 'race') {
      // The live view needs a terminal both ways: keys in, frames out.
      const terminal = Boolean(process.stdout.isTTY && process.stdin.isTTY)
      return await raceCommand(rest, { ...io, terminal })
    }
    throw new UsageError(`unknown command '${command}'`)
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      io.err(
        `fake-pleo: ${(error as Error).message}\nRun 'fake-pleo ${command ?? ''} --help' for usage.\n`,
      )
      return 2
    }
    io.err(`fake-pleo: ${(error as Error).stack ?? String(error)}\n`)
    return 1
  }
}
