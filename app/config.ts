import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_MAX_TOKEN_AGE_SECONDS } from '../api/auth/verify';
import { DEFAULT_SUPPRESSION_THRESHOLD } from '../api/kpis/report';
import { DEFAULT_ANONYMOUS_RATE_LIMIT_PER_MINUTE } from '../api/middleware/rate-limit';
import { DEFAULT_CHROMIUM_PATH } from '../web/pdf/renderer';

const flag = z
  .enum(['1', '0', 'true', 'false'])
  .optional()
  .transform((v) => v === '1' || v === 'true');

/** Every setting the app reads from the environment, parsed once. */
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  API_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
  HOST: z.string().min(1).default('127.0.0.1'),
  CSTR_DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'host:port')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('cstr'),
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  CSTR_ENGINE: z.enum(['server', 'in-process']).optional(),
  CSTR_DEV_CLOCK: flag,
  AUTH_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  AUTH_ISSUER: z.string().min(1).optional(),
  AUTH_AUDIENCE: z.string().min(1).default('cstr-api'),
  AUTH_MAX_TOKEN_AGE_SECONDS: z.coerce.number().int().positive().default(DEFAULT_MAX_TOKEN_AGE_SECONDS),
  WEB_OIDC_CLIENT_ID: z.string().min(1).optional(),
  WEB_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  WEB_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .positive()
    .max(24 * 60)
    .default(30),
  CHROMIUM_PATH: z.string().min(1).default(DEFAULT_CHROMIUM_PATH),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.coerce
    .number()
    .int()
    .positive()
    .default(DEFAULT_ANONYMOUS_RATE_LIMIT_PER_MINUTE),
  COMMAND_TIMEOUT_MS: z.coerce.number().int().positive().default(1_800),
  IDEMPOTENCY_WINDOW_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(24),
  KPI_SUPPRESSION_THRESHOLD: z.coerce.number().int().min(1).max(100).default(DEFAULT_SUPPRESSION_THRESHOLD),
  CSTR_SUBSCRIBERS_FILE: z.string().min(1).optional(),
  CSTR_WEBHOOKS_ALLOW_PRIVATE: flag,
  NODE_ENV: z.string().optional(),
});

export type Config = ReturnType<typeof loadConfig>;

export class ConfigError extends Error {}

/** Parses the environment; a wrong value stops the app with a message that names the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (c.AUTH_JWKS_URL && !c.AUTH_ISSUER)
    throw new ConfigError('Invalid configuration:\n  AUTH_ISSUER: required with AUTH_JWKS_URL');
  if (c.CSTR_DEV_CLOCK && c.CSTR_ENGINE !== 'in-process') {
    throw new ConfigError(
      'Invalid configuration:\n  CSTR_DEV_CLOCK: only with CSTR_ENGINE=in-process (it moves the stand-in server’s clock)',
    );
  }
  if (c.API_PROCESSES > 1 && c.CSTR_DEV_CLOCK) {
    throw new ConfigError(
      'Invalid configuration:\n  API_PROCESSES: one process only with CSTR_DEV_CLOCK (the clock it moves lives in that process)',
    );
  }
  if (c.CSTR_ENGINE === 'in-process' && c.TEMPORAL_ADDRESS) {
    throw new ConfigError(
      'Invalid configuration:\n  CSTR_ENGINE: in-process and TEMPORAL_ADDRESS exclude each other',
    );
  }
  return {
    ...c,
    dataDir: path.resolve(c.CSTR_DATA_DIR),
    /** NODE_ENV=production: plain `npm start` never falls back to the stand-in server. */
    production: c.NODE_ENV === 'production',
    idempotencyWindowMs: c.IDEMPOTENCY_WINDOW_HOURS * 3_600_000,
    sessionIdleMs: c.WEB_SESSION_IDLE_MINUTES * 60_000,
  };
}
