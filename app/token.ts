import path from 'node:path';
import { parseArgs } from 'node:util';
import { localIssuer } from '../api/auth/local-issuer';
import { Role } from '../domain/primitives';

const USAGE =
  'usage: npm run --silent token -- --role <court-assessor|court|provider|probation|enforcement> --org <id> [--sub <name>] [--ttl 1h]';

function seconds(ttl: string): number {
  const m = /^(\d+)([smhd])$/.exec(ttl);
  if (!m) throw new Error(`--ttl must look like 30m, 1h or 7d (got ${ttl})`);
  return Number(m[1]) * { s: 1, m: 60, h: 3_600, d: 86_400 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

/** Prints a token from the local development issuer (the key pair in the data directory). */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      org: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '1h' },
    },
  });
  const role = Role.safeParse(values.role);
  if (!role.success || !values.org) throw new Error(USAGE);
  const issuer = await localIssuer(path.resolve(process.env.CSTR_DATA_DIR ?? '.data'));
  const token = await issuer.mint({
    role: role.data,
    org: values.org,
    ...(values.sub ? { sub: values.sub } : {}),
    ttlSeconds: seconds(values.ttl),
  });
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
