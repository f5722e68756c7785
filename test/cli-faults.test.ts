// `fake-pleo serve --faults FILE` as a user meets it, run as a real child process: --help
// documents the option; a missing file, a file that is not JSON and a file with a bad rule each
// exit 2 with a message naming the file and the problem (and no server); a good file starts the
// server with its rules in force (GET /_sim/faults shows them, a matching request gets the
// injected 503 with Retry-After, the journal names the fault) and the banner says so.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { basicAuth, killAllCli, runCli, startServe, tempDir } from './cli-process.ts'

const temp = tempDir('fake-pleo-faults-')
afterAll(async () => {
  await killAllCli()
  temp.remove()
})

function file(name: string, text: string): string {
  const path = join(temp.dir, name)
  writeFileSync(path, text)
  return path
}

describe('fake-pleo serve --faults', () => {
  it('is documented in --help', async () => {
    const result = await runCli(['serve', '--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^\s+--faults FILE\s/m)
  })

  const bad: [string, () => string, RegExp][] = [
    [
      'a missing file',
      () => join(temp.dir, 'nope.json'),
      /--faults: cannot read '.*nope\.json' \(ENOENT\)/,
    ],
    [
      'a file that is not JSON',
      () => file('broken.json', '{"rules": ['),
      /--faults: '.*broken\.json' is not valid JSON/,
    ],
    [
      'a file with a bad rule',
      () => file('bad-rule.json', JSON.stringify({ rules: [{ target: 'http', status: 404 }] })),
      /--faults: '.*bad-rule\.json' is not a valid \{seed\?, rules\} document: 'rules\.0\.status': 404 applies only to receipt downloads/,
    ],
    ['an empty name', () => '', /--faults must not be empty/],
  ]
  for (const [what, path, message] of bad) {
    it(`${what} exits 2 with a clear message`, async () => {
      const result = await runCli(['serve', '--port', '0', '--faults', path()])
      expect(result.code, result.stderr).toBe(2)
      expect(result.stderr).toMatch(message)
      expect(result.stdout).not.toContain('listening')
    })
  }

  it('a good file starts the server with its rules in force', async () => {
    const config = {
      seed: 'from-file',
      rules: [{ target: 'http', route: 'GET /v3/export-jobs', status: 503, count: 1 }],
    }
    const path = file('good.json', JSON.stringify(config))
    const { cli, banner } = await startServe(['--seed', 'demo', '--quiet', '--faults', path])
    try {
      expect(cli.stdout).toMatch(/faults\s+1 rule\(s\), seed 'from-file', from .*good\.json/)
      const faults = await fetch(`${banner.url}/_sim/faults`)
      expect(await faults.json()).toEqual({ data: config })
      const auth = { authorization: basicAuth(banner.apiKey) }
      const list = `${banner.url}/v3/export-jobs?company_id=${banner.companyId}`
      const faulted = await fetch(list, { headers: auth })
      expect(faulted.status).toBe(503)
      expect(faulted.headers.get('retry-after')).toBe('1')
      expect(((await faulted.json()) as { type: string }).type).toBe('SERVICE_UNAVAILABLE')
      expect((await fetch(list, { headers: auth })).status).toBe(200)
      const journal = (await (await fetch(`${banner.url}/_sim/journal`)).json()) as {
        data: { path: string; fault: string | null }[]
      }
      expect(journal.data.filter((e) => e.path === '/v3/export-jobs').map((e) => e.fault)).toEqual([
        'status=503 (rule 0)',
        null,
      ])
    } finally {
      cli.child.kill('SIGINT')
      await cli.exited
    }
  })
})
