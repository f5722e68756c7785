// The `fake-pleo` command line as a user meets it, run as a real child process: `serve --help`
// documents every option and exits 0; bad arguments exit 2 with a message on stderr (and no
// server); `serve --port 0` picks a free port and prints a banner with the URL, company id, API
// key, a curl line that really works (replayed here with fetch) and the docs URL; SIGINT stops it
// with exit code 0; `--version` prints the server package's version.
import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { demoCompanyId, demoOAuthClient } from '@fake-pleo/server'
import { basicAuth, killAllCli, repoRoot, runCli, spawnCli, startServe } from './cli-process.ts'

afterAll(killAllCli)

const serverVersion = (
  JSON.parse(readFileSync(`${repoRoot}packages/server/package.json`, 'utf8')) as {
    version: string
  }
).version

const documentedOptions = [
  '--port',
  '--host',
  '--db',
  '--seed',
  '--clock',
  '--expires-in',
  '--expired-status',
  '--list-order',
  '--strict',
  '--lenient',
  '--strict-transitions',
  '--unsafe-claims',
  '--admin-token',
  '--allow-webhook-target',
  '--webhook-timestamps',
  '--webhook-body',
  '--quiet',
  '--help',
]

/** Turns the banner's `curl -u 'KEY:' 'URL'` into the equivalent fetch. */
function parseCurl(line: string): { user: string; url: string } {
  const match = /^curl -u '([^']*)' '([^']*)'$/.exec(line)
  if (!match?.[1] || !match[2]) throw new Error(`unexpected curl line: ${line}`)
  return { user: match[1], url: match[2] }
}

describe('fake-pleo serve --help', () => {
  it('exits 0 and documents every option', async () => {
    const result = await runCli(['serve', '--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Usage: fake-pleo serve \[options\]/)
    for (const option of documentedOptions) {
      expect(result.stdout, option).toMatch(new RegExp(`^\\s+(-\\w, )?${option}(?=\\s)`, 'm'))
    }
    expect(result.stderr).toBe('')
  })
})

describe('fake-pleo serve --lenient', () => {
  it('is documented with --strict and how the two combine', async () => {
    const result = await runCli(['serve', '--help'])
    const lenient = /^ {2}--lenient\s+(.+(?:\n {20,}.+)*)/m.exec(result.stdout)?.[1] ?? ''
    expect(lenient).toContain('exportJobId')
    expect(lenient).toContain('companyId')
    expect(lenient).toContain('journal')
    const strict = /^ {2}--strict\s+(.+(?:\n {20,}.+)*)/m.exec(result.stdout)?.[1] ?? ''
    expect(strict).toContain('--lenient --strict')
  })

  it('starts, and the server accepts exportJobId and journals it', async () => {
    const { cli, banner } = await startServe(['--lenient', '--seed', 'demo', '--quiet'])
    try {
      const auth = { authorization: basicAuth(banner.apiKey) }
      const jobs = (await (
        await fetch(`${banner.url}/v3/export-jobs`, { headers: auth })
      ).json()) as {
        data: { id: string }[]
      }
      const jobId = jobs.data[0]?.id
      const claim = await fetch(`${banner.url}/v3/export-job-events`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ exportJobId: jobId, event: 'started' }),
      })
      expect(claim.status).toBe(202)
      const journal = (await (await fetch(`${banner.url}/_sim/journal`)).json()) as {
        data: { path: string; status: number; jobId: string | null; alias: string | null }[]
      }
      expect(journal.data.at(-1)).toMatchObject({
        path: '/v3/export-job-events',
        status: 202,
        jobId,
        alias: 'exportJobId',
      })
    } finally {
      await cli.stop('SIGINT')
    }
  })
})

describe('bad arguments', () => {
  const cases: [string, string[], RegExp][] = [
    ['a port that is not a number', ['serve', '--port', 'abc'], /--port must be a whole number/],
    ['a port out of range', ['serve', '--port', '70000'], /--port must be between 0 and 65535/],
    ['an unknown seed', ['serve', '--seed', 'nope'], /--seed must be one of demo, empty, none/],
    ['an unknown clock', ['serve', '--clock', 'sundial'], /--clock must be one of/],
    [
      'unknown webhook timestamps',
      ['serve', '--webhook-timestamps', 'sundial'],
      /--webhook-timestamps must be one of wall, virtual/,
    ],
    ['an unknown flag', ['serve', '--bogus'], /--bogus/],
    // Regression: beyond loopback without a token the control API used to open with a warning.
    [
      'a host beyond loopback without an admin token',
      ['serve', '--host', '0.0.0.0', '--port', '0'],
      /--host 0\.0\.0\.0 reaches beyond loopback.*--admin-token/,
    ],
    [
      'a metadata webhook target beyond loopback',
      ['serve', '--host', '0.0.0.0', '--admin-token', 't', '--webhook', 'http://169.254.169.254/'],
      /--webhook http:\/\/169\.254\.169\.254\/: .*--allow-webhook-target/,
    ],
    ['an unknown command', ['bogus'], /unknown command 'bogus'/],
  ]
  for (const [what, args, message] of cases) {
    it(`${what} exits 2 with a message on stderr`, async () => {
      const result = await runCli(args)
      expect(result.code, result.stderr).toBe(2)
      expect(result.stderr).toMatch(message)
      expect(result.stderr).toContain('--help')
      expect(result.stdout).not.toContain('listening')
    })
  }
})

describe('fake-pleo serve --port 0', () => {
  it('prints the chosen port and a banner whose curl line works; SIGINT exits 0', async () => {
    const { cli, banner } = await startServe(['--seed', 'demo'])
    try {
      expect(banner.port).toBeGreaterThan(0)
      expect(banner.url).toBe(`http://127.0.0.1:${banner.port}`)
      expect(banner.companyId).toBe(demoCompanyId)
      expect(banner.apiKey).toMatch(/^plp_\w{32}$/)
      expect(banner.docs).toBe(`${banner.url}/docs`)

      // The curl line, replayed: it lists the demo company's pending jobs.
      const curl = parseCurl(banner.curl)
      expect(curl.user).toBe(`${banner.apiKey}:`)
      expect(curl.url.startsWith(`${banner.url}/`)).toBe(true)
      const response = await fetch(curl.url, {
        headers: { authorization: `Basic ${Buffer.from(curl.user).toString('base64')}` },
      })
      expect(response.status).toBe(200)
      const listed = (await response.json()) as {
        data: { companyId: string; status: string }[]
      }
      expect(listed.data).toHaveLength(3)
      expect(listed.data.every((job) => job.companyId === banner.companyId)).toBe(true)
      expect(listed.data.every((job) => job.status === 'pending')).toBe(true)

      // The server recorded that request, and the docs URL serves the docs.
      const journal = (await (await fetch(`${banner.url}/_sim/journal`)).json()) as {
        data: { method: string; path: string; status: number; companyId: string | null }[]
      }
      expect(journal.data).toContainEqual(
        expect.objectContaining({
          method: 'GET',
          path: '/v3/export-jobs',
          status: 200,
          companyId: banner.companyId,
        }),
      )
      // Without --quiet it also printed a line for it.
      await cli.waitForOutput(/ GET \/v3\/export-jobs\?company_id=\S+ → 200 /, 5_000)
      const docs = await fetch(banner.docs)
      expect(docs.status).toBe(200)
      expect(docs.headers.get('content-type')).toMatch(/^text\/html/)
      await docs.body?.cancel()
    } finally {
      const exit = await cli.stop('SIGINT')
      expect(exit).toEqual({ code: 0, signal: null })
    }
    expect(cli.stdout).toContain('SIGINT received')
    // Stopped means stopped: the port no longer answers.
    await expect(fetch(`${banner.url}/_sim/health`)).rejects.toThrow()
  })

  it('two servers on --port 0 get different ports', async () => {
    const [a, b] = await Promise.all([
      startServe(['--seed', 'empty', '--quiet']),
      startServe(['--seed', 'empty', '--quiet']),
    ])
    try {
      expect(a.banner.port).not.toBe(b.banner.port)
      // `empty` makes a fresh company each time.
      expect(a.banner.companyId).not.toBe(b.banner.companyId)
    } finally {
      await Promise.all([a.cli.stop('SIGINT'), b.cli.stop('SIGINT')])
    }
  })
})

describe('fake-pleo --version', () => {
  it('prints the version of packages/server/package.json', async () => {
    const result = await runCli(['--version'])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(`${serverVersion}\n`)
  })
})

describe('run from the TypeScript sources (FAKE_PLEO_FROM_SOURCE=1)', () => {
  const fromSource = { FAKE_PLEO_FROM_SOURCE: '1' }

  it('--version reads the same version', async () => {
    const result = await runCli(['--version'], fromSource)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toBe(`${serverVersion}\n`)
  })

  it('serve starts, answers and stops on SIGINT with exit code 0', async () => {
    const { cli, banner } = await startServe(['--seed', 'demo', '--quiet'], fromSource)
    try {
      const curl = parseCurl(banner.curl)
      const response = await fetch(curl.url, {
        headers: { authorization: `Basic ${Buffer.from(curl.user).toString('base64')}` },
      })
      expect(response.status).toBe(200)
      expect(((await response.json()) as { data: unknown[] }).data).toHaveLength(3)
    } finally {
      expect(await cli.stop('SIGINT')).toEqual({ code: 0, signal: null })
    }
  })
})

describe('fake-pleo serve: secrets in the banner', () => {
  // Regression: the banner printed the API key, the OAuth client secret and --webhook secrets
  // whatever interface the fake was bound to.
  it('prints none beyond loopback', async () => {
    const cli = spawnCli([
      'serve',
      '--host',
      '0.0.0.0',
      '--admin-token',
      'banner-test',
      '--port',
      '0',
      '--seed',
      'demo',
      '--webhook',
      'http://127.0.0.1:9/hook',
      '--quiet',
    ])
    try {
      await cli.waitForOutput(/Press Ctrl\+C to stop\./)
      expect(cli.stdout).toMatch(/^ {2}API key {5}not printed \(bound beyond loopback\)/m)
      expect(cli.stdout).toMatch(/client secret not printed/)
      expect(cli.stdout).toMatch(/secret {4}not printed/)
      expect(cli.stdout).not.toMatch(/plp_|whsec_/)
      expect(cli.stdout).not.toContain(demoOAuthClient.clientSecret)
      expect(cli.stdout).not.toContain('banner-test')
    } finally {
      await cli.stop('SIGTERM')
    }
  })

  it('prints them on loopback and says why', async () => {
    const { cli, banner } = await startServe(['--seed', 'demo', '--quiet'])
    try {
      expect(banner.apiKey).toMatch(/^plp_/)
      expect(cli.stdout).toContain(demoOAuthClient.clientSecret)
      expect(cli.stdout).toMatch(
        /^ {2}secrets {5}printed because only this machine can reach 127\.0\.0\.1; the demo seed's are fixed and public/m,
      )
    } finally {
      await cli.stop('SIGTERM')
    }
  })
})
