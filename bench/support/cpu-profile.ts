import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

/**
 * While `work` runs, a CPU profile of this process (the V8 profiler, as `node --cpu-prof` takes it), written
 * to `file` as a .cpuprofile (open it in Chrome's DevTools or speedscope); without a file, just the work.
 */
export async function profiled<T>(file: string | undefined, work: () => Promise<T>): Promise<T> {
  if (!file) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(file, JSON.stringify(profile));
    session.disconnect();
  }
}
