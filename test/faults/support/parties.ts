import { localIssuer } from '../../../api/auth/local-issuer';
import {
  COURT_CODE,
  type CasePlan,
  PROBATION_DELIVERY_UNIT,
  assessmentBody,
  openCaseBody,
  sentenceBody,
  sessionBooking,
} from '../../../app/case-fixtures';
import { addDays, londonDate } from '../../../domain/calendar';
import type { Role } from '../../../domain/primitives';
import { until } from '../../app/support/until';
import { type LoadClient, type Party, createdId } from './load';

// The parties of the load, the cases they work on (brought to sentence before the load through the API),
// and the parties that must see none of it.

export interface Caller {
  role: Role;
  org: string;
  token: string;
}

export interface Seeded {
  orderId: string;
  requirementId: string;
  provider: string;
  /** The session booked when it was seeded (not by the load). */
  firstAppointmentId: string;
}

export interface World {
  /** Active orders, each with one requirement referred to and accepted by its provider. */
  active: Seeded[];
  /** Orders the assessor opened under load, whose opening was acknowledged (court adjourns their hearings). */
  opened: string[];
}

export const OUTSIDERS = {
  otherCourt: { role: 'court', org: 'C99ZZ00' },
  otherPdu: { role: 'probation', org: 'N99XXX' },
  otherProvider: { role: 'provider', org: 'PROV-MH' },
} as const satisfies Record<string, { role: Role; org: string }>;

export async function callers(dataDir: string, sub: string) {
  const issuer = await localIssuer(dataDir);
  const as = async (role: Role, org: string): Promise<Caller> => ({
    role,
    org,
    token: await issuer.mint({ role, org, sub, ttlSeconds: 3_600 }),
  });
  return {
    assessor: await as('court-assessor', COURT_CODE),
    court: await as('court', COURT_CODE),
    probation: await as('probation', PROBATION_DELIVERY_UNIT),
    drugs: await as('provider', 'PROV-DRUGS'),
    alcohol: await as('provider', 'PROV-ALCOHOL'),
    otherCourt: await as(OUTSIDERS.otherCourt.role, OUTSIDERS.otherCourt.org),
    otherPdu: await as(OUTSIDERS.otherPdu.role, OUTSIDERS.otherPdu.org),
    otherProvider: await as(OUTSIDERS.otherProvider.role, OUTSIDERS.otherProvider.org),
  };
}

export type Callers = Awaited<ReturnType<typeof callers>>;

const today = () => londonDate(new Date().toISOString());

async function command(
  base: string,
  as: Caller,
  route: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const key = `seed-${route}-${Math.random().toString(36).slice(2)}`;
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${base}${route}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${as.token}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': key,
      },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.ok) return JSON.parse(text) as Record<string, unknown>;
    if ((res.status !== 503 && res.status !== 409) || attempt > 20)
      throw new Error(`${route}: ${res.status} ${text}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * A case through the API to an active order with one requirement, referred to and accepted by `provider`,
 * its first session booked.
 */
export async function seedActiveCase(
  base: string,
  c: Callers,
  type: 'DRR' | 'ATR',
  provider: Caller,
): Promise<Seeded> {
  const plan: CasePlan = { months: 12, requirements: [{ type, months: 12 }] };
  const date = today();
  const opened = await command(base, c.assessor, '/v1/orders', openCaseBody(date, [type]));
  const orderId = String(opened.orderId);
  await command(base, c.assessor, `/v1/orders/${orderId}/screening`, { outcome: 'PROCEED_TO_ASSESSMENT' });
  const requested = await command(base, c.assessor, `/v1/orders/${orderId}/requirements`, {
    type,
    providerOrgId: provider.org,
  });
  const requirementId = String(requested.requirementId);
  const r = `/v1/requirements/${requirementId}`;
  await command(base, provider, `${r}/assessment`, assessmentBody(plan.requirements[0]!));
  await command(base, c.assessor, `${r}/consent`, { given: true, date });
  await command(base, c.assessor, `/v1/orders/${orderId}/proposal`, { psrReference: 'PSR-F1' });
  await command(base, c.court, `/v1/orders/${orderId}/sentence`, sentenceBody(plan, [requirementId], date));
  await until('the requirement to await referral', async () => {
    const res = await fetch(`${base}${r}`, { headers: { Authorization: `Bearer ${c.probation.token}` } });
    return res.ok && ((await res.json()) as { status: string }).status === 'AWAITING_REFERRAL'
      ? true
      : undefined;
  });
  await command(base, c.probation, `${r}/referral`, { providerOrgId: provider.org });
  await command(base, provider, `${r}/acceptance`, { accepted: true });
  // The first session, whose booking tells the order (the load's bookings then tell it nothing more), far
  // beyond the load's sessions.
  const first = await command(
    base,
    provider,
    `${r}/appointments`,
    sessionBooking(`${addDays(date, 300)}T10:00:00.000Z`),
  );
  return { orderId, requirementId, provider: provider.org, firstAppointmentId: String(first.id) };
}

const AREAS = ['Camden', 'Hackney', 'Islington'];

/** The five parties of the load, each sending one kind of command (the assessor two) at its own cases. */
export function loadParties(c: Callers, world: World, load: () => LoadClient): Party[] {
  let n = 0;
  const nth = <T>(list: T[]) => list[n++ % list.length]!;
  const screened = new Set<string>();
  // Sessions two hours apart from tomorrow on: none clashes with another.
  const tomorrow = Date.parse(`${addDays(today(), 1)}T00:00:00Z`);
  let slot = 0;
  const booking =
    (provider: string): Party['next'] =>
    () => {
      const mine = world.active.filter((s) => s.provider === provider);
      const s = nth(mine);
      const start = new Date(tomorrow + slot++ * 7_200_000);
      return {
        kind: 'bookAppointment',
        route: `/v1/requirements/${s.requirementId}/appointments`,
        body: sessionBooking(start.toISOString()),
        orderId: s.orderId,
        requirementId: s.requirementId,
      };
    };
  return [
    {
      name: 'court-assessor',
      ...c.assessor,
      next: () => {
        // Opens a case, then screens it once its opening is acknowledged.
        for (const w of load().writes) {
          if (w.kind !== 'openCase' || !w.acked) continue;
          const orderId = createdId(w, 'orderId');
          if (!world.opened.includes(orderId)) world.opened.push(orderId);
          if (screened.has(orderId)) continue;
          screened.add(orderId);
          return {
            kind: 'recordScreening',
            route: `/v1/orders/${orderId}/screening`,
            body: { outcome: 'PROCEED_TO_ASSESSMENT' },
            orderId,
          };
        }
        return { kind: 'openCase', route: '/v1/orders', body: openCaseBody(today(), ['DRR']) };
      },
    },
    {
      name: 'court',
      ...c.court,
      next: () => {
        if (world.opened.length === 0) return undefined;
        const orderId = nth(world.opened);
        return {
          kind: 'adjournHearing',
          route: `/v1/orders/${orderId}/adjournments`,
          body: { nextHearingDate: addDays(today(), 1 + (n % 60)) },
          orderId,
        };
      },
    },
    { name: 'provider PROV-DRUGS', ...c.drugs, next: booking('PROV-DRUGS') },
    { name: 'provider PROV-ALCOHOL', ...c.alcohol, next: booking('PROV-ALCOHOL') },
    {
      name: 'probation',
      ...c.probation,
      next: () => {
        const s = nth(world.active);
        return {
          kind: 'permitResidenceChange',
          route: `/v1/orders/${s.orderId}/residence-change`,
          body: { newHomeLocalJusticeArea: nth(AREAS), permittedOn: today() },
          orderId: s.orderId,
        };
      },
    },
  ];
}
