// The fake-pleo command line: parses the subcommand and hands over. Exit codes: 0 success,
// 1 failure, 2 bad arguments.
import { UsageError } from './args.ts'

// Each command is loaded only when it runs: `claim` (started once per conformance scenario)
// does not pay for the server, the race engine or the conformance kit.
export const mainHelp = (
  version: string,
) => `fake-pleo ${version}: a local fake of Pleo's Export API

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
      const { version } = await import('@fake-pleo/server')
      io.out(mainHelp(version))
      return command === undefined ? 2 : 0
    }
    if (command === '--version' || command === '-v') {
      const { version } = await import('@fake-pleo/server')
      io.out(`${version}\n`)
      return 0
    }
    if (command === 'serve') return await (await import('./serve.ts')).serveCommand(rest, io)
    if (command === 'listen') return await (await import('./listen.ts')).listenCommand(rest, io)
    if (command === 'claim') return await (await import('./claim.ts')).claimCommand(rest, io)
    if (command === 'conform') {
      const color = Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined
      const { conformCommand } = await import('./conform.ts')
      return await conformCommand(rest, { ...io, color })
    }
    if (command === 'race') {
      // The live view needs a terminal both ways: keys in, frames out.
      const terminal = Boolean(process.stdout.isTTY && process.stdin.isTTY)
      const { raceCommand } = await import('./race/command.ts')
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
