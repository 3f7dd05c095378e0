import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { type LocalIssuer, localIssuer } from '../api/auth/local-issuer';
import { addDays, addMonths, londonDate } from '../domain/calendar';
import type { Role } from '../domain/primitives';

// `npm run demo`: seeds a handful of realistic (and entirely fictional) cases through the public HTTP API of a
// running server started with `CSTR_ENGINE=in-process CSTR_DEV_CLOCK=1 npm start`, so that a newcomer sees a
// populated system at once. Every run creates new cases: its idempotency keys carry the run's own id. It moves
// the server's development clock on by about three months (to bring one case near its end) and two days.

const COURT = 'B01LY00';
const PDU = 'N07LDN';
type RequirementType = 'DRR' | 'ATR' | 'MHTR';
const PROVIDER: Record<RequirementType, string> = { DRR: 'PROV-DRUGS', ATR: 'PROV-ALCOHOL', MHTR: 'PROV-MH' };

interface Actor {
  role: Role;
  org: string;
  sub: string;
}

const actors = {
  assessor: { role: 'court-assessor', org: COURT, sub: 'demo-court-assessor' },
  court: { role: 'court', org: COURT, sub: 'demo-legal-adviser' },
  probation: { role: 'probation', org: PDU, sub: 'demo-probation-officer' },
  enforcement: { role: 'enforcement', org: PDU, sub: 'demo-enforcement-officer' },
} satisfies Record<string, Actor>;

const providerOf = (type: RequirementType): Actor => ({
  role: 'provider',
  org: PROVIDER[type],
  sub: `demo-keyworker-${type.toLowerCase()}`,
});

class DemoError extends Error {}

/** The server's public API, called as each actor with a token from the local issuer. */
class Api {
  private seq = 0;
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(
    readonly base: string,
    private readonly issuer: LocalIssuer,
    private readonly run: string,
  ) {}

  private token(actor: Actor): Promise<string> {
    const key = `${actor.role}|${actor.org}|${actor.sub}`;
    let token = this.tokens.get(key);
    if (!token) {
      token = this.issuer.mint({ ...actor, ttlSeconds: 3_600 });
      this.tokens.set(key, token);
    }
    return token;
  }

  async post<T>(actor: Actor, route: string, body: unknown, expected = 200): Promise<T> {
    this.seq += 1;
    const res = await fetch(`${this.base}${route}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${await this.token(actor)}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': `demo-${this.run}-${this.seq}`,
      },
      body: JSON.stringify(body),
    });
    return answer<T>(res, `POST ${route} as ${actor.role}`, expected);
  }

  async get<T>(actor: Actor, route: string): Promise<T> {
    const res = await fetch(`${this.base}${route}`, {
      headers: { Authorization: `Bearer ${await this.token(actor)}` },
    });
    return answer<T>(res, `GET ${route} as ${actor.role}`, 200);
  }

  /** The server's clock: real time plus every advance. */
  async now(): Promise<string> {
    const res = await fetch(`${this.base}/dev/clock`).catch((error: unknown) => {
      throw new DemoError(`No server at ${this.base} (${String(error)}). Start one: ${START_HINT}`);
    });
    if (res.status === 404)
      throw new DemoError(
        `The server at ${this.base} has no development clock. Start it with: ${START_HINT}`,
      );
    return (await answer<{ now: string }>(res, 'GET /dev/clock', 200)).now;
  }

  /** Moves the server's clock forward to `instant`, firing every timer due on the way. */
  async advanceTo(instant: string): Promise<void> {
    const seconds = Math.ceil((Date.parse(instant) - Date.parse(await this.now())) / 1_000);
    if (seconds <= 0) return;
    const res = await fetch(`${this.base}/dev/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ advance: `PT${seconds}S` }),
    });
    await answer(res, 'POST /dev/clock', 200);
  }
}

const START_HINT = 'CSTR_ENGINE=in-process CSTR_DEV_CLOCK=1 npm start';

async function answer<T>(res: Response, call: string, expected: number): Promise<T> {
  const text = await res.text();
  if (res.status !== expected)
    throw new DemoError(`${call} answered ${res.status}, not ${expected}: ${text}`);
  return JSON.parse(text) as T;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads until `done` holds: the workflows answer commands at once, the read side a moment later. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new DemoError(`Gave up waiting for ${what}.`);
    await sleep(100);
  }
}

const at = (date: string, time: string) => `${date}T${time}:00.000Z`;
const lastDayOf = (from: string, months: number) => addDays(addMonths(from, months), -1);

// --- The cases -------------------------------------------------------------------------------------------

interface Person {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  crn: string;
  homeLocalJusticeArea: string;
}

interface CaseSpec {
  label: string;
  person: Person;
  offence: string;
  /** The community order's length, in months. */
  months: number;
  requirements: { type: RequirementType; months: number; reviewed?: boolean }[];
  /** The person misses sessions: incident, warning, a second incident, referral, information laid. */
  breach?: boolean;
}

interface Seeded {
  spec: CaseSpec;
  orderId: string;
  requirements: { type: RequirementType; id: string }[];
  notes: string[];
}

function assessment(type: RequirementType, months: number) {
  const base = { outcome: 'SUITABLE', proposedPeriodMonths: months };
  if (type === 'DRR') return { ...base, proposedMode: 'NON_RESIDENT', treatmentDirector: 'Dr N Okafor' };
  if (type === 'ATR')
    return { ...base, proposedMode: 'PRACTITIONER_BASED', treatmentDirector: 'Dr H Lindqvist' };
  return {
    ...base,
    proposedMode: 'PRACTITIONER_BASED',
    careLevel: 'PRIMARY_CARE',
    hospitalOrderThresholdMet: false,
  };
}

function sentencedTerms(
  requirementId: string,
  r: CaseSpec['requirements'][number],
  today: string,
): Record<string, unknown> {
  const periods = [{ start: today, end: lastDayOf(today, r.months) }];
  if (r.type === 'MHTR')
    return {
      requirementId,
      mode: 'PRACTITIONER_BASED',
      periods,
      practitioner: 'Dr E Marsh, clinical psychologist',
    };
  if (r.type === 'ATR')
    return { requirementId, mode: 'PRACTITIONER_BASED', periods, treatmentDirector: 'Dr H Lindqvist' };
  const review = {
    firstReviewDate: addMonths(today, 1),
    intervalMonths: 1,
    mode: 'HEARING',
    offenderMustAttend: true,
  };
  return {
    requirementId,
    mode: 'NON_RESIDENT',
    periods,
    treatmentDirector: 'Dr N Okafor',
    place: 'Riverside Community Drug Service',
    intervals: 'weekly key work, tests twice weekly',
    ...(r.reviewed ? { review } : {}),
  };
}

/** Opens the case at court, has each requirement assessed and consented to, and proposes it. */
async function proposedCase(api: Api, spec: CaseSpec, today: string) {
  const opened = await api.post<{ orderId: string }>(
    actors.assessor,
    '/v1/orders',
    {
      person: spec.person,
      court: { code: COURT, type: 'MAGISTRATES' },
      probationDeliveryUnit: PDU,
      hearingDate: today,
      plea: 'GUILTY',
      offences: [{ description: spec.offence, imprisonable: true }],
      identification: { source: 'LIAISON_AND_DIVERSION', date: today },
      proposedTypes: [...new Set(spec.requirements.map((r) => r.type))],
    },
    201,
  );
  const { orderId } = opened;
  await api.post(actors.assessor, `/v1/orders/${orderId}/screening`, { outcome: 'PROCEED_TO_ASSESSMENT' });
  const requirements: Seeded['requirements'] = [];
  for (const r of spec.requirements) {
    const requested = await api.post<{ requirementId: string }>(
      actors.assessor,
      `/v1/orders/${orderId}/requirements`,
      { type: r.type, providerOrgId: PROVIDER[r.type] },
      201,
    );
    const id = requested.requirementId;
    await api.post(providerOf(r.type), `/v1/requirements/${id}/assessment`, assessment(r.type, r.months));
    await api.post(actors.assessor, `/v1/requirements/${id}/consent`, { given: true, date: today });
    requirements.push({ type: r.type, id });
  }
  await api.post(actors.assessor, `/v1/orders/${orderId}/proposal`, {
    psrReference: `PSR-${orderId.slice(0, 8)}`,
  });
  return { orderId, requirements };
}

/** Takes a case to sentence today, then has probation refer each requirement and its provider accept. */
async function activeCase(api: Api, spec: CaseSpec, today: string): Promise<Seeded> {
  const { orderId, requirements } = await proposedCase(api, spec, today);
  await api.post(actors.court, `/v1/orders/${orderId}/sentence`, {
    outcome: 'CSTR_IMPOSED',
    orderType: 'COMMUNITY_ORDER',
    sentenceDate: today,
    endDate: lastDayOf(today, spec.months),
    requirements: requirements.map((r, n) => sentencedTerms(r.id, spec.requirements[n]!, today)),
  });
  for (const r of requirements) await referred(api, r);
  await api.post(actors.probation, `/v1/orders/${orderId}/induction`, { completedOn: today });
  return { spec, orderId, requirements, notes: [] };
}

async function referred(api: Api, r: Seeded['requirements'][number]): Promise<void> {
  await eventually(
    () => api.get<{ status: string }>(actors.probation, `/v1/requirements/${r.id}`),
    (v) => v.status === 'AWAITING_REFERRAL',
    `requirement ${r.id} to await referral`,
  );
  const provider = providerOf(r.type);
  await api.post(actors.probation, `/v1/requirements/${r.id}/referral`, { providerOrgId: provider.org });
  await api.post(provider, `/v1/requirements/${r.id}/acceptance`, { accepted: true });
  if (r.type === 'MHTR')
    await api.post(provider, `/v1/requirements/${r.id}/allocation`, {
      name: 'P Adeyemi',
      role: 'ASSISTANT_PSYCHOLOGIST',
    });
}

// --- What happens on the cases ---------------------------------------------------------------------------

interface Booked {
  r: Seeded['requirements'][number];
  appointmentId: string;
}

async function book(api: Api, r: Seeded['requirements'][number], start: string): Promise<Booked> {
  const appointment = await api.post<{ id: string }>(
    providerOf(r.type),
    `/v1/requirements/${r.id}/appointments`,
    { start, durationMinutes: 50, kind: 'ONE_TO_ONE', deliveryMode: 'IN_PERSON', enforceable: true },
    201,
  );
  return { r, appointmentId: appointment.id };
}

async function attended(api: Api, b: Booked): Promise<void> {
  await api.post(providerOf(b.r.type), `/v1/requirements/${b.r.id}/appointments/${b.appointmentId}/outcome`, {
    sessionHappened: true,
    attended: 'YES',
    notes: 'Engaged well; goals for the next session agreed.',
  });
}

async function missed(api: Api, b: Booked): Promise<void> {
  await api.post(providerOf(b.r.type), `/v1/requirements/${b.r.id}/appointments/${b.appointmentId}/outcome`, {
    sessionHappened: false,
    attended: 'NO',
  });
}

/** Books a session, moves the clock past it, and records that the person came. */
async function heldSession(api: Api, r: Seeded['requirements'][number], start: string): Promise<void> {
  const booked = await book(api, r, start);
  await api.advanceTo(new Date(Date.parse(start) + 3_600_000).toISOString());
  await attended(api, booked);
}

async function directTest(api: Api, r: Seeded['requirements'][number], dueAt: string): Promise<string> {
  const test = await api.post<{ id: string }>(
    actors.probation,
    `/v1/requirements/${r.id}/drug-tests`,
    { dueAt, directedBy: 'RESPONSIBLE_OFFICER' },
    201,
  );
  return test.id;
}

async function negativeResult(api: Api, r: Seeded['requirements'][number], testId: string): Promise<void> {
  const provider = providerOf(r.type);
  await api.post(provider, `/v1/requirements/${r.id}/drug-tests/${testId}/sample`, {
    status: 'COLLECTED',
    sampleType: 'ORAL_FLUID',
    method: 'POINT_OF_CARE_SCREEN',
  });
  await api.post(provider, `/v1/requirements/${r.id}/drug-tests/${testId}/result`, {
    substances: [
      { substance: 'OPIATES', result: 'NEGATIVE' },
      { substance: 'COCAINE', result: 'NEGATIVE' },
    ],
  });
}

interface Incident {
  incidentId: string;
  status: string;
}

/** The incident the order raised for a missed session, once the order has it (a moment after the outcome). */
async function newIncident(api: Api, orderId: string, before: number): Promise<string> {
  const { items } = await eventually(
    () => api.get<{ items: Incident[] }>(actors.probation, `/v1/orders/${orderId}/incidents`),
    (v) => v.items.length > before,
    `an incident on order ${orderId}`,
  );
  return items.at(-1)!.incidentId;
}

async function unacceptable(api: Api, orderId: string, incidentId: string): Promise<void> {
  await api.post(actors.probation, `/v1/orders/${orderId}/incidents/${incidentId}/decision`, {
    decision: 'UNACCEPTABLE',
    reason: 'No contact and no evidence of a reason for the absence.',
  });
}

// --- The demo --------------------------------------------------------------------------------------------

const person = (givenName: string, familyName: string, dateOfBirth: string, crn: string): Person => ({
  givenName,
  familyName,
  dateOfBirth,
  crn,
  homeLocalJusticeArea: 'Lambeth',
});

/** A three-month ATR, taken with monthly sessions to a week before its end. */
async function nearCompletion(api: Api, today: string): Promise<Seeded> {
  const c = await activeCase(
    api,
    {
      label: 'ATR near completion',
      person: person('Taylor', 'Brookmere', '1979-08-02', 'D900001'),
      offence: 'Driving with excess alcohol',
      months: 3,
      requirements: [{ type: 'ATR', months: 3 }],
    },
    today,
  );
  const atr = c.requirements[0]!;
  for (const date of [addDays(today, 2), addMonths(today, 1), addMonths(today, 2)])
    await heldSession(api, atr, at(date, '10:00'));
  const end = lastDayOf(today, 3);
  await api.advanceTo(at(addDays(end, -7), '09:00'));
  c.notes.push(`three sessions held; the requirement and the order end on ${end}`);
  return c;
}

/** Incident, warning, second incident, referral to enforcement, information laid. */
async function breach(api: Api, c: Seeded, today: string): Promise<void> {
  const drr = c.requirements[0]!;
  const firstIncident = await newIncident(api, c.orderId, 0);
  await unacceptable(api, c.orderId, firstIncident);
  await api.post(
    actors.probation,
    `/v1/orders/${c.orderId}/warnings`,
    { incidentId: firstIncident, givenOn: londonDate(await api.now()), deliveryMethod: 'LETTER' },
    201,
  );
  const second = await book(api, drr, at(addDays(today, 2), '10:00'));
  await api.advanceTo(at(addDays(today, 2), '11:00'));
  await missed(api, second);
  const secondIncident = await newIncident(api, c.orderId, 1);
  await unacceptable(api, c.orderId, secondIncident);
  const referral = await api.post<{ referralId: string }>(
    actors.probation,
    `/v1/orders/${c.orderId}/enforcement-referrals`,
    { incidentId: secondIncident },
    201,
  );
  await api.post(
    actors.enforcement,
    `/v1/orders/${c.orderId}/breach-proceedings`,
    { referralId: referral.referralId, informationLaidOn: londonDate(await api.now()), courtCode: COURT },
    201,
  );
  c.notes.push(
    'absence decided unacceptable: warning given',
    `second session missed: unacceptable, referred to enforcement, information laid at ${COURT}`,
  );
}

/** The other cases, all sentenced today: one of each type, a combined order and one that goes into breach. */
async function currentCases(api: Api, today: string): Promise<Seeded[]> {
  const specs: CaseSpec[] = [
    {
      label: 'MHTR (primary care)',
      person: person('Morgan', 'Ashdown', '1992-11-19', 'D900002'),
      offence: 'Harassment without violence',
      months: 9,
      requirements: [{ type: 'MHTR', months: 6 }],
    },
    {
      label: 'DRR with monthly reviews',
      person: person('Riley', 'Penhallow', '1986-04-27', 'D900003'),
      offence: 'Theft from a shop (repeat)',
      months: 12,
      requirements: [{ type: 'DRR', months: 6, reviewed: true }],
    },
    {
      label: 'ATR',
      person: person('Casey', 'Thornbury', '1974-01-09', 'D900004'),
      offence: 'Assault by beating',
      months: 12,
      requirements: [{ type: 'ATR', months: 6 }],
    },
    {
      label: 'combined DRR + MHTR',
      person: person('Jordan', 'Fairweather', '1990-06-15', 'D900005'),
      offence: 'Burglary of a non-dwelling',
      months: 12,
      requirements: [
        { type: 'DRR', months: 12 },
        { type: 'MHTR', months: 6 },
      ],
    },
    {
      label: 'DRR in breach',
      breach: true,
      person: person('Jamie', 'Kestrel', '1995-09-30', 'D900006'),
      offence: 'Possession of a bladed article',
      months: 12,
      requirements: [{ type: 'DRR', months: 9 }],
    },
  ];
  const cases: Seeded[] = [];
  for (const spec of specs) cases.push(await activeCase(api, spec, today));
  return cases;
}

/** Tomorrow: a first session for every requirement (missed in the breach case) and a drug test per DRR. */
async function firstSessions(api: Api, cases: Seeded[], today: string): Promise<void> {
  const tomorrow = addDays(today, 1);
  const booked: Booked[] = [];
  const tests: { r: Seeded['requirements'][number]; testId: string }[] = [];
  for (const c of cases)
    for (const r of c.requirements) {
      booked.push(await book(api, r, at(tomorrow, '10:00')));
      if (r.type === 'DRR' && !c.spec.breach)
        tests.push({ r, testId: await directTest(api, r, at(tomorrow, '11:00')) });
    }
  await api.advanceTo(at(tomorrow, '12:00'));
  for (const b of booked) await (caseOf(cases, b).spec.breach ? missed(api, b) : attended(api, b));
  for (const { r, testId } of tests) await negativeResult(api, r, testId);
  for (const c of cases) {
    const tested = c.requirements.some((r) => r.type === 'DRR') ? '; drug test negative' : '';
    c.notes.push(c.spec.breach ? 'first session missed' : `first session held${tested}`);
  }
}

function caseOf(cases: Seeded[], b: Booked): Seeded {
  return cases.find((c) => c.requirements.includes(b.r))!;
}

function report(api: Api, dataDir: string, cases: Seeded[]): string {
  const lines = ['', `Seeded ${cases.length} cases at ${api.base} (all names are fictional):`, ''];
  for (const c of cases) {
    const { givenName, familyName } = c.spec.person;
    lines.push(`  ${c.spec.label.padEnd(26)} order ${c.orderId}  (${givenName} ${familyName})`);
    for (const r of c.requirements)
      lines.push(`  ${''.padEnd(26)}   ${r.type.padEnd(4)} ${r.id}  ${PROVIDER[r.type]}`);
    for (const note of c.notes) lines.push(`  ${''.padEnd(26)}   ${note}`);
  }
  const token = (role: Role, org: string) =>
    `$(CSTR_DATA_DIR=${dataDir} npm run --silent token -- --role ${role} --org ${org})`;
  const breachCase = cases.find((c) => c.spec.breach);
  lines.push(
    '',
    'Look at them:',
    `  PROBATION=${token('probation', PDU)}`,
    `  curl -s -H "Authorization: Bearer $PROBATION" ${api.base}/v1/orders`,
    `  curl -s -H "Authorization: Bearer $PROBATION" ${api.base}/v1/deadlines`,
    ...(breachCase
      ? [
          `  curl -s -H "Authorization: Bearer $PROBATION" ${api.base}/v1/orders/${breachCase.orderId}/incidents`,
        ]
      : []),
    `  PROVIDER=${token('provider', PROVIDER.DRR)}`,
    `  curl -s -H "Authorization: Bearer $PROVIDER" ${api.base}/v1/requirements`,
    `  COURT=${token('court', COURT)}`,
    `  curl -s -H "Authorization: Bearer $COURT" ${api.base}/v1/orders/${cases[0]!.orderId}/events`,
    `  (other providers: ${PROVIDER.ATR}, ${PROVIDER.MHTR}; reference: ${api.base}/docs)`,
    '',
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const base = (process.env.BASE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const dataDir = path.resolve(process.env.CSTR_DATA_DIR ?? '.data');
  const api = new Api(base, await localIssuer(dataDir), randomUUID());
  const started = londonDate(await api.now());
  process.stdout.write(`Seeding demo cases at ${base} (server date ${started})…\n`);
  const last = await nearCompletion(api, started);
  const today = londonDate(await api.now());
  const cases = await currentCases(api, today);
  await firstSessions(api, cases, today);
  await breach(
    api,
    cases.find((c) => c.spec.breach)!,
    today,
  );
  process.stdout.write(report(api, dataDir, [...cases, last]));
}

main().catch((error: unknown) => {
  console.error(error instanceof DemoError ? error.message : error);
  process.exitCode = 1;
});
