import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Linux's clock ticks per second for /proc/<pid>/stat (USER_HZ: 100 on every mainstream kernel). */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system, ms) this process and the given children have used so far; children via /proc. */
export function cpuMs(children: readonly number[] = []): number {
  const own = process.cpuUsage();
  let ms = (own.user + own.system) / 1000;
  for (const pid of children) {
    // Fields after the command (which may hold spaces, so split after its closing parenthesis): utime is the
    // 14th field of the line, stime the 15th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ms += ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  }
  return ms;
}

/** utime + stime (ms) and the parent of a process, from /proc; null once it has gone. */
function statOf(pid: string): { ms: number; parent: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND, parent: fields[1]! };
  } catch {
    return null;
  }
}

/**
 * The CPU time (user + system, ms) so far of each process of a Postgres server: its postmaster
 * (`postmaster.pid` in its data directory) and the processes it runs now (connections' backends, WAL writer,
 * checkpointer), by process id.
 */
export function postgresCpu(dataDir: string): Map<string, number> {
  const byPid = new Map<string, number>();
  for (const pid of postgresPids(dataDir)) {
    const stat = statOf(pid);
    if (stat) byPid.set(pid, stat.ms);
  }
  return byPid;
}

/** A Postgres server's processes now: its postmaster (`postmaster.pid` in its data directory) and its children. */
export function postgresPids(dataDir: string): string[] {
  const postmaster = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]!.trim();
  return [
    postmaster,
    ...readdirSync('/proc').filter((name) => /^\d+$/.test(name) && statOf(name)?.parent === postmaster),
  ];
}

/**
 * The CPU time (ms) a Postgres server's processes used between two readings (`postgresCpu`), over those
 * running at the second: one that ended in between (an idle connection closed) takes its time with it,
 * rather than taking back what it had used before.
 */
export function postgresCpuBetween(before: Map<string, number>, after: Map<string, number>): number {
  let ms = 0;
  for (const [pid, used] of after) ms += used - (before.get(pid) ?? 0);
  return ms;
}
