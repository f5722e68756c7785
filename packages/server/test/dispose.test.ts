// In-process fakes are disposable: `using fake = createFakePleo()` closes it at the end of the
// scope (its dispatcher stops polling the database, the database closes), a second close does
// nothing, and `using` a listening fake also stops its socket.
import { describe, expect, it } from 'vitest'
import { createFakePleo, startFakePleo, type FakePleo } from '../src/index.ts'

describe('createFakePleo() is disposable', () => {
  it('closes its database at the end of a `using` scope', () => {
    let escaped: FakePleo | undefined
    {
      using fake = createFakePleo({ seed: 'demo' })
      escaped = fake
      expect(fake.deps.store.hasCompanies()).toBe(true)
    }
    expect(() => escaped.deps.store.hasCompanies()).toThrow(/not open/)
  })

  it('closes once: close() after dispose, and shutdown() after close(), do nothing more', async () => {
    const fake = createFakePleo({ seed: 'demo' })
    fake[Symbol.dispose]()
    expect(() => fake.close()).not.toThrow()
    await expect(fake.shutdown()).resolves.toBeUndefined()
    expect(() => fake.deps.store.hasCompanies()).toThrow(/not open/)
  })

  it('stops listening when a running fake is disposed with `using`', async () => {
    let url = ''
    let escaped: FakePleo | undefined
    {
      using running = await startFakePleo()
      url = running.url
      escaped = running
      expect((await fetch(`${url}/_sim/health`)).status).toBe(200)
    }
    await expect(fetch(`${url}/_sim/health`)).rejects.toThrow()
    expect(() => escaped.deps.store.hasCompanies()).toThrow(/not open/)
  })
})
