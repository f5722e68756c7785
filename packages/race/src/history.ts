// The operation history of a race, in the shape Jepsen's checkers read: every client operation is
// an `invoke` followed by exactly one completion, `ok` (it happened), `fail` (it definitely did not
// happen) or `info` (unknown: a timeout, a 5xx, a killed worker). `index` is the global order in
// which the engine recorded operations, `time` nanoseconds of real time since the run started and
// `sim` the fake's virtual clock (epoch ms) at that moment. Workers are processes 0..N-1; the
// scenario itself (creating jobs, moving the clock, stealing claims, killing workers) is the
// `nemesis`.

/** What an operation does. One HTTP request of a worker is one operation. */
export const operationFunctions = [
  'list', // GET /v3/export-jobs (one page)
  'get', // GET /v3/export-jobs/{id}
  'claim', // POST /v3/export-job-events {event: started}
  'finish', // POST /v3/export-job-events {event: completed | completed_with_errors | failed}
  'get-items', // GET /v3/export-jobs/{id}/items (one page)
  'put-items', // PUT /v3/export-jobs/{id}/items
  'export-items', // GET /v3/export-items (one page)
  'other', // any other request a worker makes
  'create', // nemesis: jobs created (press Export)
  'advance-clock', // nemesis: the virtual clock moved
  'faults', // nemesis: fault rules changed
  'crash', // a worker was killed (process = the worker)
  'restart', // a worker came back with its remembered state
  'zombie', // nemesis: a zombie move starts on a job (`{move}`); its requests follow
  'pause', // a worker paused after winning a claim (process = the worker, `{seconds}`)
] as const
export type OperationFunction = (typeof operationFunctions)[number]

export type OperationType = 'invoke' | 'ok' | 'fail' | 'info'
export type Process = number | 'nemesis'

export type ListedJob = { id: string; createdAt: string; status: string }

/** Values by function (all JSON). Completions of failed requests carry `{status, error}`. */
export type OperationValue =
  | { jobs: ListedJob[]; page: number; hasNextPage: boolean } // list ok
  | { page: number } // list invoke (1 = a new listing starts)
  | { status: string; lastUpdatedAt: string | null } // get ok
  | { event: string } // finish invoke
  | { items: { accountingEntryId: string; status: string }[] } // put-items invoke
  | { jobs: { id: string; createdAt: string }[] } // create ok
  | { seconds: number } // advance-clock
  | { status?: number; error: string } // fail / info
  | Record<string, unknown>
  | null

export type Operation = {
  index: number
  process: Process
  type: OperationType
  f: OperationFunction
  jobId?: string
  /** Nanoseconds of real time since the run started. */
  time: number
  /** The fake's virtual clock, epoch milliseconds. */
  sim: number
  value?: OperationValue
}

export type History = readonly Operation[]

export type Recorder = {
  readonly operations: Operation[]
  /** Records an invoke; `complete` records its completion with the same process, f and jobId. */
  invoke(
    process: Process,
    f: OperationFunction,
    jobId?: string,
    value?: OperationValue,
  ): (type: Exclude<OperationType, 'invoke'>, value?: OperationValue, jobId?: string) => Operation
  /** A one-shot event (crash, restart, clock moves): recorded as `info`. */
  note(process: Process, f: OperationFunction, value?: OperationValue, jobId?: string): Operation
}

export type RecorderOptions = {
  /** The fake's virtual clock, epoch ms. */
  sim: () => number
  /** Real time, nanoseconds (default process.hrtime.bigint relative to creation). */
  nanos?: () => number
  /** Called with every operation as it is recorded (the TUI and summaries listen here). */
  onOperation?: (operation: Operation) => void
}

export function createRecorder(options: RecorderOptions): Recorder {
  const start = process.hrtime.bigint()
  const nanos = options.nanos ?? (() => Number(process.hrtime.bigint() - start))
  const operations: Operation[] = []
  const push = (op: Omit<Operation, 'index' | 'time' | 'sim'>): Operation => {
    const operation: Operation = {
      index: operations.length,
      ...op,
      time: nanos(),
      sim: options.sim(),
    }
    operations.push(operation)
    options.onOperation?.(operation)
    return operation
  }
  const shape = (jobId: string | undefined, value: OperationValue | undefined) => ({
    ...(jobId !== undefined ? { jobId } : {}),
    ...(value !== undefined ? { value } : {}),
  })
  return {
    operations,
    invoke(processId, f, jobId, value) {
      push({ process: processId, type: 'invoke', f, ...shape(jobId, value) })
      let done = false
      return (type, completion, completedJobId) => {
        if (done) throw new Error('an operation completes once')
        done = true
        return push({ process: processId, type, f, ...shape(completedJobId ?? jobId, completion) })
      }
    },
    note: (processId, f, value, jobId) =>
      push({ process: processId, type: 'info', f, ...shape(jobId, value) }),
  }
}

/** The history as JSON lines, one operation per line (see docs/race-history.md). */
export function toJsonLines(history: History): string {
  let out = ''
  for (const op of history) out += JSON.stringify(op) + '\n'
  return out
}

/** Parses JSON lines back into a history (blank lines are skipped). */
export function fromJsonLines(text: string): Operation[] {
  const ops: Operation[] = []
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    ops.push(JSON.parse(line) as Operation)
  }
  return ops
}
