import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { addDays, addMonths } from '../../domain/calendar';
import type { Role } from '../../domain/primitives';
import type { LocalIssuer } from '../../api/auth/local-issuer';

/** The callers of the write path, as in the API journeys. */
const ACTORS = {
  assessor: { role: 'court-assessor', org: 'B01LY00', sub: 'assessor-1' },
  court: { role: 'court', org: 'B01LY00', sub: 'court-clerk-1' },
  provider: { role: 'provider', org: 'PROV-DRUGS', sub: 'keyworker-1' },
  probation: { role: 'probation', org: 'N07LDN', sub: 'officer-1' },
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

export class Caller {
  constructor(
    private readonly base: string,
    private readonly tokens: Tokens,
  ) {}

  async post(actor: Actor, path: string, body: unknown): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${this.tokens[actor]}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': randomUUID(),
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${path} as ${actor}: ${response.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  }
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

/** Opens, screens, assesses, sentences (a 12-month DRR), refers and accepts one case through the API. */
export async function referredDrr(call: Caller, pool: pg.Pool, today: string): Promise<string> {
  const opened = await call.post('assessor', '/v1/orders', {
    person: {
      givenName: 'Alex',
      familyName: 'Example',
      dateOfBirth: '1990-05-01',
      crn: 'X123456',
      homeLocalJusticeArea: 'Lambeth',
    },
    court: { code: ACTORS.assessor.org, type: 'MAGISTRATES' },
    probationDeliveryUnit: ACTORS.probation.org,
    hearingDate: today,
    plea: 'GUILTY',
    offences: [{ description: 'Theft from a shop', imprisonable: true }],
    identification: { source: 'LIAISON_AND_DIVERSION', date: today },
    proposedTypes: ['DRR'],
  });
  const orderId = opened.orderId as string;
  await call.post('assessor', `/v1/orders/${orderId}/screening`, { outcome: 'PROCEED_TO_ASSESSMENT' });
  const requested = await call.post('assessor', `/v1/orders/${orderId}/requirements`, {
    type: 'DRR',
    providerOrgId: ACTORS.provider.org,
  });
  const id = requested.requirementId as string;
  await call.post('provider', `/v1/requirements/${id}/assessment`, {
    outcome: 'SUITABLE',
    proposedPeriodMonths: 12,
    proposedMode: 'NON_RESIDENT',
    treatmentDirector: 'Dr A Director',
  });
  await call.post('assessor', `/v1/requirements/${id}/consent`, { given: true, date: today });
  await call.post('assessor', `/v1/orders/${orderId}/proposal`, { psrReference: 'PSR-1' });
  const end = addDays(addMonths(today, 12), -1);
  await call.post('court', `/v1/orders/${orderId}/sentence`, {
    outcome: 'CSTR_IMPOSED',
    sentenceDate: today,
    orderType: 'COMMUNITY_ORDER',
    endDate: end,
    requirements: [
      {
        requirementId: id,
        mode: 'NON_RESIDENT',
        periods: [{ start: today, end }],
        treatmentDirector: 'Dr A Director',
        place: 'Lambeth Drug Service',
        intervals: 'weekly',
      },
    ],
  });
  await imposed(pool, id);
  await call.post('probation', `/v1/requirements/${id}/referral`, { providerOrgId: ACTORS.provider.org });
  await call.post('provider', `/v1/requirements/${id}/acceptance`, { accepted: true });
  return id;
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
  call: Caller,
  requirementId: string,
  times: SessionTimes,
): Promise<DueAppointment[]> {
  const booked: DueAppointment[] = [];
  for (let k = 0; k < times.count; k++) {
    const startMs = times.firstStartMs + k * times.everyMs;
    const answer = await call.post('provider', `/v1/requirements/${requirementId}/appointments`, {
      start: new Date(startMs).toISOString(),
      durationMinutes: times.durationMinutes,
      kind: 'ONE_TO_ONE',
      deliveryMode: 'IN_PERSON',
      enforceable: true,
    });
    booked.push({ requirementId, appointmentId: (answer.appointmentId ?? answer.id) as string, startMs });
  }
  return booked;
}
