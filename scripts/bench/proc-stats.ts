// What Linux says about CPU and memory: a child's resident memory (VmRSS from /proc/PID/status)
// and CPU time (utime + stime from /proc/PID/stat, all threads), this process's CPU time, and the
// whole machine's busy time (/proc/stat). A load phase uses them to tell a server-bound figure
// from a client-bound one, and to notice other work on the machine skewing a run.
import { readFileSync } from 'node:fs'

// USER_HZ is 100 on every mainstream Linux build; Node offers no portable sysconf.
const clockTicksPerSecond = 100

/** Resident set size in MB (1 MB = 1024 * 1024 bytes). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)
  if (!match?.[1]) throw new Error(`no VmRSS for pid ${pid}`)
  return Number(match[1]) / 1024
}

/** CPU seconds (user + system) used by the process so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after the command name.
  const ticks = Number(fields[11]) + Number(fields[12])
  return ticks / clockTicksPerSecond
}

/**
 * CPU seconds all processes of the machine spent so far, summed over all cores: user, nice and
 * system from /proc/stat. Interrupt and steal time are left out, as they belong to no process.
 */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? ''
  const [user = 0, nice = 0, system = 0] = line.trim().split(/\s+/).slice(1).map(Number)
  return (user + nice + system) / clockTicksPerSecond
}

/** CPU seconds (user + system) of this very process so far. */
export function ownCpuSeconds(): number {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1e6
}
