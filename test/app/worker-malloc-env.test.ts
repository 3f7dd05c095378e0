import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { WORKER_MALLOC_ENV } from '../../app/worker';

const run = promisify(execFile);

/** The image's `ENV name=value` instructions. */
async function imageEnv(): Promise<Map<string, string>> {
  const dockerfile = await readFile(path.join(__dirname, '../../Dockerfile'), 'utf8');
  const env = new Map<string, string>();
  for (const line of dockerfile.split('\n')) {
    const instruction = /^ENV\s+(\S+?)=(\S+)\s*$/.exec(line);
    if (instruction) env.set(instruction[1]!, instruction[2]!);
  }
  return env;
}

/** glibc's malloc tunables as a process started with `env` takes them (`ld.so --list-tunables`). */
async function mallocTunables(env: Record<string, string>): Promise<Map<string, number>> {
  const maps = await readFile('/proc/self/maps', 'utf8');
  const loader = /\s(\/\S*\/ld-linux\S*\.so\S*)$/m.exec(maps)?.[1];
  if (!loader) throw new Error('this process has no glibc dynamic loader mapped');
  const { stdout } = await run(loader, ['--list-tunables'], { env });
  const tunables = new Map<string, number>();
  for (const [, name, value] of stdout.matchAll(/^glibc\.malloc\.(\w+): (0x[0-9a-f]+|\d+)/gm))
    tunables.set(name!, Number(value));
  return tunables;
}

describe("the worker process's malloc settings", () => {
  it('are set by the image', async () => {
    const env = await imageEnv();
    for (const [name, value] of Object.entries(WORKER_MALLOC_ENV)) expect(env.get(name)).toBe(value);
  });

  it('are set by `npm start` and `npm run worker`', async () => {
    const { scripts } = JSON.parse(await readFile(path.join(__dirname, '../../package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    for (const script of ['start', 'worker']) {
      const assignments = /^((?:\w+=\S+ )*)exec /.exec(scripts[script]!)?.[1] ?? '';
      const env = new Map(
        assignments
          .trim()
          .split(' ')
          .filter(Boolean)
          .map((a) => a.split('=') as [string, string]),
      );
      for (const [name, value] of Object.entries(WORKER_MALLOC_ENV))
        expect(env.get(name), script).toBe(value);
    }
  });

  it.skipIf(process.platform !== 'linux')(
    "fix glibc's mmap threshold at 128 KiB (unset, glibc moves it up to 32 MiB as big blocks are freed)",
    async () => {
      expect((await mallocTunables({})).get('mmap_threshold')).toBe(0);
      expect((await mallocTunables({ ...WORKER_MALLOC_ENV })).get('mmap_threshold')).toBe(128 * 1024);
    },
  );
});
