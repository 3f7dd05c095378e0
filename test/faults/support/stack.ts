import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../../db/embedded';
import { ensureLocalTemporalBuilt } from '../../../local-temporal/build';
import { type AppProcess, freePort, portOpen, startApp } from '../../app/support/app-process';
import { withAdminClient } from '../../support/postgres-admin';

// The parts the fault tests stop and kill, each a process of its own: Postgres (behind a TCP proxy that can
// slow it down), the stand-in Temporal server and the app (API and worker, as `npm start` runs them).

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A Postgres of the test's own (not the shared test cluster), crash-safe as in production: it is killed. */
export class KillablePostgres {
  private server: EmbeddedPostgres | undefined;

  private constructor(
    private readonly dataDir: string,
    readonly port: number,
  ) {}

  static async start(dataDir: string): Promise<KillablePostgres> {
    const pgServer = new KillablePostgres(dataDir, await freePort());
    await pgServer.restart();
    await withAdminClient(pgServer.adminUrl, (c) => c.query('CREATE DATABASE cstr'));
    return pgServer;
  }

  get adminUrl(): string {
    if (!this.server) throw new Error('Postgres is not running');
    return this.server.url;
  }

  /** The app's database, reached through `port` (the proxy's, say). */
  databaseUrl(port = this.port): string {
    const url = new URL(this.adminUrl);
    url.port = String(port);
    url.pathname = '/cstr';
    return url.toString();
  }

  /** SIGKILL to the postmaster: its backends notice and exit; nothing is shut down cleanly. */
  kill(): void {
    if (this.server) process.kill(this.server.pid, 'SIGKILL');
  }

  /** Starts it again on the same port and data directory, once the killed one's backends have gone. */
  async restart(): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        this.server = await startEmbeddedPostgres({ dataDir: this.dataDir, port: this.port });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(200);
      }
    }
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }
}

/**
 * A TCP proxy in front of Postgres that can hold every chunk, both ways, for `delayMs` (in order, each
 * from when it arrived). When Postgres is gone, connections through it fail as Postgres's would.
 */
export class SlowProxy {
  delayMs = 0;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number): Promise<SlowProxy> {
    const proxy: { current?: SlowProxy } = {};
    const server = net.createServer((client) => proxy.current!.pipe(client, targetPort));
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
    );
    proxy.current = new SlowProxy(server, port);
    return proxy.current;
  }

  private pipe(client: net.Socket, targetPort: number): void {
    const upstream = net.connect({ port: targetPort, host: '127.0.0.1' });
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => undefined);
    }
    const forward = (from: net.Socket, to: net.Socket) => {
      let chain = Promise.resolve();
      from.on('data', (chunk) => {
        const due = Date.now() + this.delayMs;
        chain = chain.then(async () => {
          const wait = due - Date.now();
          if (wait > 0) await sleep(wait);
          if (!to.destroyed) to.write(chunk);
        });
      });
      from.on('close', () => void chain.then(() => to.destroy()));
    };
    forward(client, upstream);
    forward(upstream, client);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((r) => this.server.close(r));
  }
}

/** The stand-in Temporal server as a process of its own, its state in `stateDir`, always on `port`. */
export class StandInProcess {
  private child: ChildProcess | undefined;
  stderr = '';

  private constructor(
    private readonly executable: string,
    private readonly stateDir: string,
    readonly port: number,
  ) {}

  static async start(stateDir: string): Promise<StandInProcess> {
    const standIn = new StandInProcess(await ensureLocalTemporalBuilt(), stateDir, await freePort());
    await standIn.restart();
    return standIn;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    const child = spawn(process.execPath, [this.executable, String(this.port)], {
      env: {
        PATH: process.env.PATH ?? '',
        LOCAL_TEMPORAL_CLOCK: 'real',
        LOCAL_TEMPORAL_STATE_DIR: this.stateDir,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4_000)));
    this.child = child;
    const deadline = Date.now() + 30_000;
    while (!(await portOpen(this.port))) {
      if (child.exitCode !== null) throw new Error(`the stand-in exited: ${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`the stand-in did not listen: ${this.stderr}`);
      await sleep(50);
    }
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * One half of the app (`npm run api` or `npm run worker`) on that Postgres and stand-in, with the production
 * command timeout, so that the worker can be killed while the API goes on.
 */
export function startFaultApp(
  part: 'api' | 'worker',
  options: { databaseUrl: string; dataDir: string; temporalAddress: string },
): Promise<AppProcess> {
  return startApp({
    part,
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir,
    env: {
      CSTR_ENGINE: undefined,
      TEMPORAL_ADDRESS: options.temporalAddress,
      COMMAND_TIMEOUT_MS: undefined,
      LOG_LEVEL: 'warn',
    },
  });
}
