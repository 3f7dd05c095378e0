import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { DomainConfig } from '../domain/config';
import type { Role } from '../domain/primitives';
import type { Database, RefusalReason } from '../db/schema';
import type { PdfRenderer } from '../web/pdf/renderer';
import type { Authenticator } from './auth/verify';

/** Who is calling, from a verified token. */
export interface Principal {
  sub: string;
  role: Role;
  org: string;
  /** The rate limit and idempotency keys are per client: the token's subject within its organisation. */
  clientId: string;
}

/** The Temporal the API sends commands to: a client, and the task queue new workflows run on. */
export interface Temporal {
  client: Client;
  taskQueue: string;
}

export interface ApiDeps {
  db: Kysely<Database>;
  /**
   * The pool KPI reports compute their facts through: a period's facts statement may run for seconds over a
   * national year, past the main pool's short statement timeout (db/pool.ts); `reportsDb()` makes it.
   */
  reportsDb: Kysely<Database>;
  temporal: Temporal;
  auth: Authenticator;
  config: DomainConfig;
  /** Requests per client per minute before 429. */
  rateLimitPerMinute: number;
  /** Requests per client address per minute without a valid token (public pages, refused tokens) before 429; 60 unless set. */
  anonymousRateLimitPerMinute?: number;
  /** How long a command may wait for its workflow before the API answers 503 (the retry is safe). */
  commandTimeoutMs: number;
  /** KPI counts from 1 to this − 1 are suppressed; 5 when not given. */
  kpiSuppressionThreshold?: number;
  /** How long a stored response answers a retry with its key; 24 h when not given. */
  idempotencyWindowMs?: number;
  /** The engine's clock (a development clock may run ahead of the wall): what "overdue" is measured against. */
  clock: () => Date;
  /** Makes the subject access PDF (web/pdf, one browser shared with the pages); without one that route is 503. */
  pdf?: PdfRenderer;
  /** Told of every error the API did not expect (answered 500): the error's class and the request id, never data. */
  onUnexpectedError?: (error: unknown, requestId: string) => void;
}

export interface AccessRecord {
  action: 'READ' | 'WRITE';
  /** An order or requirement; KPIs (the id is the filter asked for); a person's records (the id is the CRN). */
  resourceType: 'order' | 'requirement' | 'kpis' | 'person';
  resourceId: string;
  orderId: string | null;
}

/** Why a request was refused and what it aimed at, for the security log. */
export interface Refusal {
  reason: RefusalReason;
  /** The object named in the path, as given there. */
  resourceType?: 'order' | 'requirement' | 'court';
  resourceId?: string;
  /** The order the object belongs to, when there is one. */
  orderId?: string | null;
}

export interface ApiEnv {
  Variables: {
    requestId: string;
    principal: Principal;
    /** What this request read or wrote, for the access log. */
    accessed: AccessRecord[];
    /** Set when the request is refused for who is asking: for the security log. */
    refusal: Refusal | undefined;
  };
}
