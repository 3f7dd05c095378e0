import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { type LocalIssuer, localIssuer } from '../api/auth/local-issuer';
import {
  type CommandBody,
  type CommandInput,
  CstrApiError,
  type CstrClient,
  createCstrClient,
} from '../api/client';
import type { OperationId } from '../api/commands/catalogue';
import { addDays, addMonths, londonDate } from '../domain/calendar';
import type { Role } from '../domain/primitives';
import {
  ATTENDED,
  COURT_CODE,
  type CasePlan,
  MHTR_PRACTITIONER,
  MISSED,
  PROBATION_DELIVERY_UNIT,
  type RequirementType,
  assessmentBody,
  lastDayOf,
  openCaseBody,
  sentenceBody,
  sessionBooking,
} from './case-fixtures';
import { type DevClock, NoDevClockError, devClockClient } from './dev-clock-client';

// `npm run demo`: seeds a handful of realistic (and entirely fictional) cases through the public HTTP API of a
// running server started with `CSTR_ENGINE=in-process CSTR_DEV_CLOCK=1 npm start`, so that a newcomer sees a
// populated system at once. Every run creates new cases: its idempotency keys carry the run's own id. It moves
// the server's development clock on by about three months (to bring one case near its end) and two days.

const PROVIDER: Record<RequirementType, string> = { DRR: 'PROV-DRUGS', ATR: 'PROV-ALCOHOL', MHTR: 'PROV-MH' };

interface Actor {
  role: Role;
  org: string;
  sub: string;
}

const actors = {
  assessor: { role: 'court-assessor', org: COURT_CODE, sub: 'demo-court-assessor' },
  court: { role: 'court', org: COURT_CODE, sub: 'demo-legal-adviser' },
  probation: { role: 'probation', org: PROBATION_DELIVERY_UNIT, sub: 'demo-probation-officer' },
  enforcement: { role: 'enforcement', org: PROBATION_DELIVERY_UNIT, sub: 'demo-enforcement-officer' },
} satisfies Record<string, Actor>;

const providerOf = (type: RequirementType): Actor => ({
  role: 'provider',
  org: PROVIDER[type],
  sub: `demo-keyworker-${type.toLowerCase()}`,
});

class DemoError extends Error {}

/**
 * The typed client as each actor, with a token from the local issuer. Each command carries this run's next
 * idempotency key, `demo-<run>-<n>`: a retried request within the run is the same request.
 */
function demoClients(base: string, issuer: LocalIssuer, run: string): (actor: Actor) => CstrClient {
  let sent = 0;
  const clients = new Map<string, CstrClient>();
  return (actor) => {
    const id = `${actor.role}|${actor.org}|${actor.sub}`;
    const existing = clients.get(id);
    if (existing) return existing;
    const token = issuer.mint({ ...actor, ttlSeconds: 3_600 });
    const client = createCstrClient({ baseUrl: base, token: () => token });
    const keyed: CstrClient = {
      ...client,
      command: <Op extends OperationId>(operationId: Op, input: CommandInput<Op>) =>
        client.command(operationId, { idempotencyKey: `demo-${run}-${(sent += 1)}`, ...input }),
    };
    clients.set(id, keyed);
    return keyed;
  };
}

interface Demo {
  base: string;
  as: (actor: Actor) => CstrClient;
  clock: DevClock;
}

const START_HINT = 'CSTR_ENGINE=in-process CSTR_DEV_CLOCK=1 npm start';

/** The server's date, or why there is no server with a development clock to seed. */
async function serverNow(demo: Demo): Promise<string> {
  try {
    return await demo.clock.now();
  } catch (error) {
    if (error instanceof NoDevClockError)
      throw new DemoError(
        `The server at ${demo.base} has no development clock. Start it with: ${START_HINT}`,
      );
    throw new DemoError(`No server at ${demo.base} (${String(error)}). Start one: ${START_HINT}`);
  }
}

/** A string field of an answer: the id of what a command created. */
function idIn(answer: object, field: string): string {
  const value = (answer as Record<string, unknown>)[field];
  if (typeof value !== 'string') throw new DemoError(`No ${field} in the answer ${JSON.stringify(answer)}`);
  return value;
}

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

// --- The cases -------------------------------------------------------------------------------------------

interface CaseSpec extends CasePlan {
  label: string;
  person: CommandBody<'openCase'>['person'];
  offence: string;
  /** The person misses sessions: incident, warning, a second incident, referral, information laid. */
  breach?: boolean;
}

interface Seeded {
  spec: CaseSpec;
  orderId: string;
  requirements: { type: RequirementType; id: string }[];
  notes: string[];
}

/** Opens the case at court, has each requirement assessed and consented to, and proposes it. */
async function proposedCase(demo: Demo, spec: CaseSpec, today: string) {
  const assessor = demo.as(actors.assessor);
  const types = [...new Set(spec.requirements.map((r) => r.type))];
  const opened = await assessor.command('openCase', {
    body: openCaseBody(today, types, { person: spec.person, offence: spec.offence }),
  });
  const orderId = idIn(opened, 'orderId');
  await assessor.command('recordScreening', {
    params: { orderId },
    body: { outcome: 'PROCEED_TO_ASSESSMENT' },
  });
  const requirements: Seeded['requirements'] = [];
  for (const r of spec.requirements) {
    const requested = await assessor.command('requestAssessment', {
      params: { orderId },
      body: { type: r.type, providerOrgId: PROVIDER[r.type] },
    });
    const requirementId = idIn(requested, 'requirementId');
    const params = { requirementId };
    await demo.as(providerOf(r.type)).command('recordAssessment', { params, body: assessmentBody(r) });
    await assessor.command('recordConsent', { params, body: { given: true, date: today } });
    requirements.push({ type: r.type, id: requirementId });
  }
  await assessor.command('submitProposal', {
    params: { orderId },
    body: { psrReference: `PSR-${orderId.slice(0, 8)}` },
  });
  return { orderId, requirements };
}

/** Takes a case to sentence today, then has probation refer each requirement and its provider accept. */
async function activeCase(demo: Demo, spec: CaseSpec, today: string): Promise<Seeded> {
  const { orderId, requirements } = await proposedCase(demo, spec, today);
  const ids = requirements.map((r) => r.id);
  await demo.as(actors.court).command('recordSentence', {
    params: { orderId },
    body: sentenceBody(spec, ids, today),
  });
  for (const r of requirements) await referred(demo, r);
  await demo.as(actors.probation).command('completeInduction', {
    params: { orderId },
    body: { completedOn: today },
  });
  return { spec, orderId, requirements, notes: [] };
}

async function referred(demo: Demo, r: Seeded['requirements'][number]): Promise<void> {
  const probation = demo.as(actors.probation);
  await eventually(
    () => probation.getRequirement(r.id),
    (v) => v.status === 'AWAITING_REFERRAL',
    `requirement ${r.id} to await referral`,
  );
  const params = { requirementId: r.id };
  const provider = providerOf(r.type);
  await probation.command('referToProvider', { params, body: { providerOrgId: provider.org } });
  const keyworker = demo.as(provider);
  await keyworker.command('recordAcceptance', { params, body: { accepted: true } });
  if (r.type === 'MHTR') await keyworker.command('allocatePractitioner', { params, body: MHTR_PRACTITIONER });
}

// --- What happens on the cases ---------------------------------------------------------------------------

interface Booked {
  r: Seeded['requirements'][number];
  appointmentId: string;
}

async function book(demo: Demo, r: Seeded['requirements'][number], start: string): Promise<Booked> {
  const booked = await demo.as(providerOf(r.type)).command('bookAppointment', {
    params: { requirementId: r.id },
    body: sessionBooking(start),
  });
  return { r, appointmentId: idIn(booked, 'id') };
}

async function outcome(demo: Demo, b: Booked, body: CommandBody<'recordOutcome'>): Promise<void> {
  await demo.as(providerOf(b.r.type)).command('recordOutcome', {
    params: { requirementId: b.r.id, appointmentId: b.appointmentId },
    body,
  });
}

/** Books a session, moves the clock past it, and records that the person came. */
async function heldSession(demo: Demo, r: Seeded['requirements'][number], start: string): Promise<void> {
  const booked = await book(demo, r, start);
  await demo.clock.advanceTo(new Date(Date.parse(start) + 3_600_000).toISOString());
  await outcome(demo, booked, ATTENDED);
}

async function directTest(demo: Demo, r: Seeded['requirements'][number], dueAt: string): Promise<string> {
  const test = await demo.as(actors.probation).command('directDrugTest', {
    params: { requirementId: r.id },
    body: { dueAt, directedBy: 'RESPONSIBLE_OFFICER' },
  });
  return idIn(test, 'id');
}

async function negativeResult(demo: Demo, r: Seeded['requirements'][number], testId: string): Promise<void> {
  const provider = demo.as(providerOf(r.type));
  const params = { requirementId: r.id, testId };
  await provider.command('recordSample', {
    params,
    body: { status: 'COLLECTED', sampleType: 'ORAL_FLUID', method: 'POINT_OF_CARE_SCREEN' },
  });
  await provider.command('recordTestResult', {
    params,
    body: {
      substances: [
        { substance: 'OPIATES', result: 'NEGATIVE' },
        { substance: 'COCAINE', result: 'NEGATIVE' },
      ],
    },
  });
}

/** The incident the order raised for a missed session, once the order has it (a moment after the outcome). */
async function newIncident(demo: Demo, orderId: string, before: number): Promise<string> {
  const { items } = await eventually(
    () => demo.as(actors.probation).listOrderIncidents(orderId),
    (v) => v.items.length > before,
    `an incident on order ${orderId}`,
  );
  return idIn(items.at(-1)!, 'incidentId');
}

async function unacceptable(demo: Demo, orderId: string, incidentId: string): Promise<void> {
  await demo.as(actors.probation).command('decideIncident', {
    params: { orderId, incidentId },
    body: { decision: 'UNACCEPTABLE', reason: 'No contact and no evidence of a reason for the absence.' },
  });
}

// --- The demo --------------------------------------------------------------------------------------------

const person = (
  givenName: string,
  familyName: string,
  dateOfBirth: string,
  crn: string,
): CaseSpec['person'] => ({
  givenName,
  familyName,
  dateOfBirth,
  crn,
  homeLocalJusticeArea: 'Lambeth',
});

/** A three-month ATR, taken with monthly sessions to a week before its end. */
async function nearCompletion(demo: Demo, today: string): Promise<Seeded> {
  const c = await activeCase(
    demo,
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
    await heldSession(demo, atr, at(date, '10:00'));
  const end = lastDayOf(today, 3);
  await demo.clock.advanceTo(at(addDays(end, -7), '09:00'));
  c.notes.push(`three sessions held; the requirement and the order end on ${end}`);
  return c;
}

/** Incident, warning, second incident, referral to enforcement, information laid. */
async function breach(demo: Demo, c: Seeded, today: string): Promise<void> {
  const drr = c.requirements[0]!;
  const firstIncident = await newIncident(demo, c.orderId, 0);
  await unacceptable(demo, c.orderId, firstIncident);
  const probation = demo.as(actors.probation);
  const params = { orderId: c.orderId };
  await probation.command('giveWarning', {
    params,
    body: {
      incidentId: firstIncident,
      givenOn: londonDate(await demo.clock.now()),
      deliveryMethod: 'LETTER',
    },
  });
  const second = await book(demo, drr, at(addDays(today, 2), '10:00'));
  await demo.clock.advanceTo(at(addDays(today, 2), '11:00'));
  await outcome(demo, second, MISSED);
  const secondIncident = await newIncident(demo, c.orderId, 1);
  await unacceptable(demo, c.orderId, secondIncident);
  const referral = await probation.command('referToEnforcement', {
    params,
    body: { incidentId: secondIncident },
  });
  await demo.as(actors.enforcement).command('layInformation', {
    params,
    body: {
      referralId: idIn(referral, 'referralId'),
      informationLaidOn: londonDate(await demo.clock.now()),
      courtCode: COURT_CODE,
    },
  });
  c.notes.push(
    'absence decided unacceptable: warning given',
    `second session missed: unacceptable, referred to enforcement, information laid at ${COURT_CODE}`,
  );
}

/** The other cases, all sentenced today: one of each type, a combined order and one that goes into breach. */
async function currentCases(demo: Demo, today: string): Promise<Seeded[]> {
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
      otherRequirements: [{ type: 'UNPAID_WORK', hours: 80 }],
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
  // Side by side: each case is its own workflows, and none of them moves the clock.
  return Promise.all(specs.map((spec) => activeCase(demo, spec, today)));
}

/** Tomorrow: a first session for every requirement (missed in the breach case) and a drug test per DRR. */
async function firstSessions(demo: Demo, cases: Seeded[], today: string): Promise<void> {
  const tomorrow = addDays(today, 1);
  const booked: Booked[] = [];
  const tests: { r: Seeded['requirements'][number]; testId: string }[] = [];
  for (const c of cases)
    for (const r of c.requirements) {
      booked.push(await book(demo, r, at(tomorrow, '10:00')));
      if (r.type === 'DRR' && !c.spec.breach)
        tests.push({ r, testId: await directTest(demo, r, at(tomorrow, '11:00')) });
    }
  await demo.clock.advanceTo(at(tomorrow, '12:00'));
  for (const b of booked) await outcome(demo, b, caseOf(cases, b).spec.breach ? MISSED : ATTENDED);
  for (const { r, testId } of tests) await negativeResult(demo, r, testId);
  for (const c of cases) {
    const tested = c.requirements.some((r) => r.type === 'DRR') ? '; drug test negative' : '';
    c.notes.push(c.spec.breach ? 'first session missed' : `first session held${tested}`);
  }
}

function caseOf(cases: Seeded[], b: Booked): Seeded {
  return cases.find((c) => c.requirements.includes(b.r))!;
}

function report(demo: Demo, dataDir: string, cases: Seeded[]): string {
  const lines = ['', `Seeded ${cases.length} cases at ${demo.base} (all names are fictional):`, ''];
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
    `  PROBATION=${token('probation', PROBATION_DELIVERY_UNIT)}`,
    `  curl -s -H "Authorization: Bearer $PROBATION" ${demo.base}/v1/orders`,
    `  curl -s -H "Authorization: Bearer $PROBATION" ${demo.base}/v1/deadlines`,
    ...(breachCase
      ? [
          `  curl -s -H "Authorization: Bearer $PROBATION" ${demo.base}/v1/orders/${breachCase.orderId}/incidents`,
        ]
      : []),
    `  PROVIDER=${token('provider', PROVIDER.DRR)}`,
    `  curl -s -H "Authorization: Bearer $PROVIDER" ${demo.base}/v1/requirements`,
    `  COURT=${token('court', COURT_CODE)}`,
    `  curl -s -H "Authorization: Bearer $COURT" ${demo.base}/v1/orders/${cases[0]!.orderId}/events`,
    `  (other providers: ${PROVIDER.ATR}, ${PROVIDER.MHTR}; reference: ${demo.base}/docs)`,
    '',
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const base = (process.env.BASE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const dataDir = path.resolve(process.env.CSTR_DATA_DIR ?? '.data');
  const demo: Demo = {
    base,
    as: demoClients(base, await localIssuer(dataDir), randomUUID()),
    clock: devClockClient(base),
  };
  const started = londonDate(await serverNow(demo));
  process.stdout.write(`Seeding demo cases at ${base} (server date ${started})…\n`);
  const last = await nearCompletion(demo, started);
  const today = londonDate(await demo.clock.now());
  const cases = await currentCases(demo, today);
  await firstSessions(demo, cases, today);
  await breach(
    demo,
    cases.find((c) => c.spec.breach)!,
    today,
  );
  process.stdout.write(report(demo, dataDir, [...cases, last]));
}

main().catch((error: unknown) => {
  console.error(error instanceof DemoError || error instanceof CstrApiError ? error.message : error);
  process.exitCode = 1;
});
