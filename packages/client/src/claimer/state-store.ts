// Claimer state stores: `createMemoryState` for tests and single-process runs, `createFileState`
// for a worker that must survive a crash. The file holds JSON `{jobId}` and is written atomically
// (a temporary file next to it, then rename), so a crash mid-write never leaves half a file.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { ClaimerState } from './types.ts'

export function createMemoryState(initial?: string): ClaimerState {
  let jobId = initial
  return {
    load: async () => jobId,
    save: async (id) => {
      jobId = id
    },
    clear: async () => {
      jobId = undefined
    },
  }
}

export function createFileState(path: string): ClaimerState {
  let writes = 0
  const write = async (jobId: string | null) => {
    await mkdir(dirname(path), { recursive: true })
    const temp = `${path}.${process.pid}.${writes++}.tmp`
    await writeFile(temp, `${JSON.stringify({ jobId })}\n`, 'utf8')
    await rename(temp, path)
  }
  return {
    load: async () => {
      let text: string
      try {
        text = await readFile(path, 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw error
      }
      const parsed: unknown = JSON.parse(text)
      const jobId =
        typeof parsed === 'object' && parsed !== null && 'jobId' in parsed
          ? parsed.jobId
          : undefined
      return typeof jobId === 'string' ? jobId : undefined
    },
    save: (jobId) => write(jobId),
    clear: async () => {
      await rm(path, { force: true })
    },
  }
}
