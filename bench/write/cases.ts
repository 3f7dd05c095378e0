import type pg from 'pg';
import type { Role } from '../../domain/primitives';
import type { LocalIssuer } from '../../api/auth/local-issuer';
import { type CstrClient, createCstrClient } from '../../api/client';
import {
  COURT_CODE,
  type CasePlan,
  PROBATION_DELIVERY_UNIT,
  assessmentBody,
  openCaseBody,
  sentenceBody,
  sessionBooking,
} from '../../app/case-fixtures';

/** The callers of the write path, as in the API journeys. */
const ACTORS = {
  assessor: { role: 'court-assessor', org: COURT_CODE, sub: 'assessor-1' },
  court: { role: 'court', org: COURT_CODE, sub: 'court-clerk-1' },
  provider: { role: 'provider', org: 'PROV-DRUGS', sub: 'keyworker-1' },
  probation: { role: 'probation', org: PROBATION_DELIVERY_UNIT, sub: 'officer-1' },
} as const satisfies Record<string, { role: Role; org: string; sub: string }>;

export type Actor = keyof typeof ACTORS;

export type Tokens = Record<Actor, string>;

export async function mintTokens(issuer: LocalIssuer): Promise<Tokens> {
  const entries = await Promise.all(
    (Object.keys(ACTORS) as Actor[]).map(async (a) => [a, await issuer.mint(ACTORS[a])] as const),
  );
  return Object.fromEntries(entries) as Tokens;
}

/** A booked appointment, due once its start has passed: one outcome request's target. */
export interface DueAppointment {
  requirementId: string;
  appointmentId: string;
  startMs: number;
}

/** The typed API client as each caller of the write path. */
export type Clients = Record<Actor, CstrClient>;

export function writeClients(baseUrl: string, tokens: Tokens): Clients {
  const entries = (Object.keys(tokens) as Actor[]).map(
    (a) => [a, createCstrClient({ baseUrl, token: tokens[a] })] as const,
  );
  return Object.fromEntries(entries) as Clients;
}

async function imposed(pool: pg.Pool, requirementId: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { rows } = await pool.query<{ stage: string; status: string }>(
      'SELECT stage, status FROM requirements WHERE id = $1',
      [requirementId],
    );
    if (rows[0]?.stage === 'SENTENCED' && rows[0].status === 'AWAITING_REFERRAL') return;
    if (Date.now() > deadline)
      throw new Error(`requirement ${requirementId} not imposed: ${rows[0]?.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const TWELVE_MONTH_DRR: CasePlan = { months: 12, requirements: [{ type: 'DRR', months: 12 }] };

/** Opens, screens, assesses, sentences (a 12-month DRR), refers and accepts one case through the API. */
export async function referredDrr(clients: Clients, pool: pg.Pool, today: string): Promise<string> {
  const { assessor, provider } = clients;
  const opened = await assessor.command('openCase', { body: openCaseBody(today, ['DRR']) });
  const orderId = String(opened.orderId);
  await assessor.command('recordScreening', {
    params: { orderId },
    body: { outcome: 'PROCEED_TO_ASSESSMENT' },
  });
  const requested = await assessor.command('requestAssessment', {
    params: { orderId },
    body: { type: 'DRR', providerOrgId: ACTORS.provider.org },
  });
  const requirementId = String(requested.requirementId);
  const params = { requirementId };
  await provider.command('recordAssessment', {
    params,
    body: assessmentBody(TWELVE_MONTH_DRR.requirements[0]!),
  });
  await assessor.command('recordConsent', { params, body: { given: true, date: today } });
  await assessor.command('submitProposal', { params: { orderId }, body: { psrReference: 'PSR-1' } });
  await clients.court.command('recordSentence', {
    params: { orderId },
    body: sentenceBody(TWELVE_MONTH_DRR, [requirementId], today),
  });
  await imposed(pool, requirementId);
  await clients.probation.command('referToProvider', {
    params,
    body: { providerOrgId: ACTORS.provider.org },
  });
  await provider.command('recordAcceptance', { params, body: { accepted: true } });
  return requirementId;
}

/** When a DRR's sessions are: `count` of `durationMinutes`, `everyMs` apart from `firstStartMs`. */
export interface SessionTimes {
  firstStartMs: number;
  count: number;
  everyMs: number;
  durationMinutes: number;
}

/** Books a DRR's sessions; each is returned with its start, for the outcome once that has passed. */
export async function bookSessions(
  clients: Clients,
  requirementId: string,
  times: SessionTimes,
): Promise<DueAppointment[]> {
  const booked: DueAppointment[] = [];
  for (let k = 0; k < times.count; k++) {
    const startMs = times.firstStartMs + k * times.everyMs;
    const answer = await clients.provider.command('bookAppointment', {
      params: { requirementId },
      body: sessionBooking(new Date(startMs).toISOString(), times.durationMinutes),
    });
    booked.push({ requirementId, appointmentId: String(answer.id), startMs });
  }
  return booked;
}
