// The terminal's size, following resizes; 80x24 when the output is not a terminal.
import { useStdout } from 'ink'
import { useEffect, useState } from 'react'

export type TerminalSize = { columns: number; rows: number }

const sizeOf = (stdout: NodeJS.WriteStream): TerminalSize => ({
  columns: stdout.columns || 80,
  rows: stdout.rows || 24,
})

export function useTerminalSize(override?: TerminalSize): TerminalSize {
  const { stdout } = useStdout()
  const [size, setSize] = useState(() => sizeOf(stdout))
  useEffect(() => {
    const onResize = () => setSize(sizeOf(stdout))
    stdout.on('resize', onResize)
    return () => {
      stdout.off('resize', onResize)
    }
  }, [stdout])
  return override ?? size
}
