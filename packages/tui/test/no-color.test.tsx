// Colours off (NO_COLOR) drop every colour code but keep the markers. Colours are forced on for
// this file before Ink loads (Ink's colour support is decided once, on import), so the coloured
// frame really has colour codes to lose.
import { describe, expect, it } from 'vitest'
import { doubleClaim, shortRace, tick } from './support/events.ts'
import { frameText, waitFor } from './support/wait.ts'
import { scriptedRace } from './support/scripted-race.ts'

process.env.FORCE_COLOR = '1'
const { render } = await import('ink-testing-library')
const { App } = await import('../src/app.tsx')
const { colorsWanted } = await import('../src/components/paint.tsx')

// eslint-disable-next-line no-control-regex
const sgrColor = /\u001b\[(3[0-7]|9[0-7])m/

describe('colours', () => {
  it('drops colours but keeps the markers when colour is off', async () => {
    const colored = scriptedRace()
    const plain = scriptedRace()
    const withColor = render(<App race={colored} throttleMs={5} color={true} />)
    const without = render(<App race={plain} throttleMs={5} color={false} />)
    try {
      for (const race of [colored, plain])
        race.push(...shortRace(), tick({ violations: [doubleClaim], violationCount: 1 }))
      await waitFor(() => (withColor.lastFrame() ?? '').includes('1 violation'))
      await waitFor(() => (without.lastFrame() ?? '').includes('1 violation'))
      expect(withColor.lastFrame()).toMatch(sgrColor)
      expect(without.lastFrame()).not.toMatch(sgrColor)
      expect(frameText(without.lastFrame())).toContain('✗ 1 violation')
      expect(frameText(without.lastFrame())).toContain('! backing off')
    } finally {
      withColor.unmount()
      without.unmount()
    }
  })

  it('reads NO_COLOR as no-color.org says', () => {
    expect(colorsWanted({})).toBe(true)
    expect(colorsWanted({ NO_COLOR: '' })).toBe(true)
    expect(colorsWanted({ NO_COLOR: '1' })).toBe(false)
  })
})
