// Regression: a request body with malformed chunked encoding (or one the client aborts halfway)
// used to be journaled as a 500 and logged as an unexpected error with its stack trace. It is the
// client's error: the journal records a 400 and the log gets one warning line, no error and no
// stack. Sent over a raw TCP socket, since no HTTP client will send broken chunks.
import { connect } from 'node:net'
import { describe, expect, it, vi } from 'vitest'
import type { JournalRecord } from '@fake-pleo/client'
import type { Logger } from '@fake-pleo/server'
import { startFakePleo } from './support/start-fake-pleo.ts'

/** Writes `text` on a fresh connection and resolves with what came back once the server closes. */
function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    let received = ''
    const socket = connect(port, '127.0.0.1', () => socket.write(text))
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (received += chunk))
    socket.on('error', () => undefined)
    socket.on('close', () => resolve(received))
  })
}

function recordingLogger() {
  const lines: { level: 'info' | 'warn' | 'error'; message: string; error?: unknown }[] = []
  const log: Logger = {
    info: (message) => lines.push({ level: 'info', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message, error) => lines.push({ level: 'error', message, error }),
  }
  return { log, lines }
}

describe('a malformed chunked body is a client error', () => {
  it('is journaled as 400 and logged as one warning line without a stack', async () => {
    const { log, lines } = recordingLogger()
    await using sim = await startFakePleo({ log })
    const auth = `Basic ${Buffer.from(`${sim.apiKey}:`).toString('base64')}`
    const journalFrom = (await sim.control.journal(0, 1000)).at(-1)?.id ?? 0
    const answer = await rawExchange(
      sim.port,
      [
        'POST /v3/export-jobs HTTP/1.1',
        'Host: 127.0.0.1',
        `Authorization: ${auth}`,
        'Content-Type: application/json',
        'Transfer-Encoding: chunked',
        '',
        '5',
        '{"com',
        'not-a-chunk-size',
        'xx',
        '',
      ].join('\r\n'),
    )
    // Node's HTTP parser answers the broken framing itself and closes the connection.
    expect(answer).toMatch(/^HTTP\/1\.1 400 /)

    // The handler meets the broken body as the connection goes: wait (bounded) for its entry.
    const posts: JournalRecord[] = await vi.waitFor(
      async () => {
        const journal = await sim.control.journal(journalFrom, 1000)
        const found = journal.filter((e) => e.method === 'POST' && e.path === '/v3/export-jobs')
        if (found.length === 0) throw new Error('no journal entry for the POST yet')
        return found
      },
      { timeout: 2000, interval: 10 },
    )
    expect(posts.map((e) => e.status)).toEqual([400])
    expect(lines.filter((l) => l.level === 'error')).toEqual([])
    const warnings = lines.filter((l) => l.level === 'warn')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]?.message).toMatch(/^POST \/v3\/export-jobs: the request body could not/)
    expect(warnings[0]?.message).not.toContain('\n')
  })
})
