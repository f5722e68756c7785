// A scenario in one short line, the way a campaign shows the race it is running and the
// counterexample it found, and the commands that replay a counterexample.
import type { Scenario } from '../scenario.ts'

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

export function scenarioLine(s: Scenario): string {
  const polling = s.workers - s.webhookWorkers
  const items = s.items[0] === s.items[1] ? `${s.items[0]}` : `${s.items[0]}-${s.items[1]}`
  return [
    `seed ${s.seed}`,
    `${plural(s.workers, 'worker')} (${s.webhookWorkers} webhook, ${polling} polling)`,
    `${plural(s.jobs, 'job')} of ${items} items`,
    `faults ${s.faults}`,
    plural(s.steals, 'steal'),
    plural(s.kills, 'kill'),
    plural(s.zombies, 'zombie'),
  ].join(' · ')
}

/** A shell word: single-quoted unless it is plain. */
const shellWord = (text: string) =>
  /^[\w./:=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`

/** The one-line commands that race the counterexample again: from its file, or from the scenario. */
export function replayCommands(scenario: Scenario, file?: string): string[] {
  const inline = `fake-pleo race --headless --scenario ${shellWord(JSON.stringify(scenario))}`
  return file === undefined ? [inline] : [`fake-pleo race --replay ${shellWord(file)}`, inline]
}
