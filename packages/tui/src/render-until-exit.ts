// Renders a full-screen view with Ink and resolves when it exits: the one place the views'
// render options live (their own streams when given, Ctrl-C handled by the view's keys, frames
// at the ~15/s pace events are applied).
import { render } from 'ink'
import type { ReactElement } from 'react'

export type ViewStreams = {
  stdout?: NodeJS.WriteStream
  stdin?: NodeJS.ReadStream
}

export async function renderUntilExit(app: ReactElement, streams: ViewStreams): Promise<void> {
  const instance = render(app, {
    ...(streams.stdout ? { stdout: streams.stdout } : {}),
    ...(streams.stdin ? { stdin: streams.stdin } : {}),
    exitOnCtrlC: false,
    maxFps: 15,
  })
  await instance.waitUntilExit()
}
