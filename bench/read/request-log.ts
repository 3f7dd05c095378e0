import path from 'node:path';
import type pino from 'pino';
import { cpuInTurns } from '../support/cpu-in-turns';
import { runMain } from '../support/main';
import type { logRequests as LogRequests } from '../../app/request-log';

// The request log's own CPU a request (app/request-log.ts: the route lookup, pino's line and its write to
// stdout, which the bench's API processes send to /dev/null), this tree's and other trees', in turn, in one
// process; the lines go to stdout, the table to stderr:
//   npx tsx bench/read/request-log.ts /work/main > /dev/null
// The handler it wraps answers at once with a response made as the API makes one (a Headers with the request
// id), so what is timed is the log's part alone. ROUNDS (8) rounds of REQUESTS (50,000) requests each.

const ROUNDS = Number(process.env.ROUNDS ?? 8);
const REQUESTS = Number(process.env.REQUESTS ?? 50_000);
const ROUTES = [
  { method: 'GET', path: '/v1/orders' },
  { method: 'GET', path: '/v1/orders/:orderId' },
  { method: 'GET', path: '/v1/requirements' },
  { method: 'GET', path: '/v1/requirements/:requirementId' },
  { method: 'GET', path: '/v1/deadlines' },
];
const URLS = [
  'http://127.0.0.1/v1/orders/0b7a1c36-1234-4a5b-9c2d-1234567890ab',
  'http://127.0.0.1/v1/requirements?status=ACTIVE',
  'http://127.0.0.1/v1/deadlines',
];

async function main(): Promise<void> {
  const trees = [path.join(__dirname, '..', '..'), ...process.argv.slice(2).map((t) => path.resolve(t))];
  const requests = URLS.map((url) => new Request(url));
  const variants = await Promise.all(
    trees.map(async (tree) => {
      const { logRequests } = (await import(path.join(tree, 'app/request-log.ts'))) as {
        logRequests: typeof LogRequests;
      };
      const { createLogger } = (await import(path.join(tree, 'app/logger.ts'))) as {
        createLogger: (level: string) => pino.Logger;
      };
      const log = createLogger('info');
      const handler = logRequests(
        () => new Response('{}', { headers: new Headers({ 'X-Request-Id': crypto.randomUUID() }) }),
        ROUTES,
        log,
      );
      return { name: path.basename(tree), handler };
    }),
  );
  const run = async (v: (typeof variants)[number]) => {
    for (let i = 0; i < REQUESTS; i++) await v.handler(requests[i % requests.length]!);
  };
  console.error(await cpuInTurns(variants, ROUNDS, { count: REQUESTS, name: 'request' }, run));
  console.error(`${ROUNDS} rounds of ${REQUESTS} requests each, the trees in turn`);
}

runMain(main);
