// The package version: inlined by the CLI bundle, read from package.json when run from source.
import { readFileSync } from 'node:fs'

declare const __FAKE_PLEO_VERSION__: string | undefined

export const version: string =
  typeof __FAKE_PLEO_VERSION__ === 'string'
    ? __FAKE_PLEO_VERSION__
    : (
        JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
          version: string
        }
      ).version
