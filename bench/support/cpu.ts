import { readFileSync } from 'node:fs';

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
