import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discloseEvent, eventFieldClass } from '../../api/disclosure/events';
import { addDays } from '../../domain/calendar';
import { OrderEventSchema } from '../../domain/order';
import { RequirementEventSchema } from '../../domain/requirement';
import { useTestDatabase } from '../support/database';
import { MISSED, assessmentBody, openCaseBody, sessionBooking } from '../../app/case-fixtures';
import { type ApiHarness, startApiHarness } from './harness';
import { referred, sentencedCase } from './support/cases';
import { type Actor, type Json, Journey, actors } from './support/journey';

const t = useTestDatabase();
let h: ApiHarness;
let j: Journey;

const HOUR = 3_600_000;
const later = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/** Text that only one requirement's data holds: if it shows, that requirement's data showed. */
const MARKS = {
  drr: ['Dr A Director', 'Lambeth Drug Service', 'COCAINE'],
  mhtr: ['Dr R Hughes', 'A Shah', 'MH-SESSION-NOTE'],
};

let orderId: string;
let drrId: string;
let mhtrId: string;

beforeAll(async () => {
  h = await startApiHarness(t);
  j = new Journey(h);
  const sentenced = await sentencedCase(j, {
    months: 6,
    requirements: [
      { type: 'DRR', months: 6 },
      { type: 'MHTR', months: 6 },
    ],
  });
  orderId = sentenced.orderId;
  [drrId, mhtrId] = sentenced.ids as [string, string];
  await referred(j, drrId, 'DRR');
  await referred(j, mhtrId, 'MHTR');

  // The DRR: a missed session (an incident on the order) and a positive test.
  const start = `${addDays(sentenced.sentenceDate, 1)}T10:00:00.000Z`;
  const drr = `/v1/requirements/${drrId}`;
  const missed: Json = await j.post(actors.provider, `${drr}/appointments`, sessionBooking(start));
  const mhtr = `/v1/requirements/${mhtrId}`;
  const session: Json = await j.post(
    actors.mhProvider,
    `${mhtr}/appointments`,
    sessionBooking(later(start, 2 * HOUR)),
  );
  await j.sleepUntil(later(start, 3 * HOUR));
  await j.post(actors.provider, `${drr}/appointments/${missed.id}/outcome`, MISSED);
  await j.post(actors.mhProvider, `${mhtr}/appointments/${session.id}/outcome`, {
    sessionHappened: true,
    attended: 'YES',
    notes: 'MH-SESSION-NOTE: low mood discussed',
  });
  const dueAt = later(new Date(await h.env.currentTimeMs()).toISOString(), HOUR);
  const test: Json = await j.post(actors.provider, `${drr}/drug-tests`, {
    dueAt,
    directedBy: 'TREATMENT_DIRECTOR',
  });
  await j.sleepUntil(later(dueAt, 10 * 60_000));
  await j.post(actors.provider, `${drr}/drug-tests/${test.id}/sample`, {
    status: 'COLLECTED',
    sampleType: 'ORAL_FLUID',
    method: 'POINT_OF_CARE_SCREEN',
  });
  await j.post(actors.provider, `${drr}/drug-tests/${test.id}/result`, {
    substances: [{ substance: 'COCAINE', result: 'POSITIVE' }],
  });
});
afterAll(async () => {
  await h?.close();
});

const otherCourt: Actor = { sub: 'clerk-9', role: 'court', org: 'C99ZZ00' };
const otherPdu: Actor = { sub: 'officer-9', role: 'probation', org: 'N99XXX' };

/** One field of each item of a list from a response. */
const field = (items: Json, name: string): unknown[] =>
  (items as Record<string, unknown>[]).map((i) => i[name]);

async function read(actor: Actor, path: string): Promise<{ status: number; json: Json }> {
  const res = await h.call('GET', path, { token: await j.token(actor) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/** Every read route, as this actor, over the order and both requirements. */
async function walk(actor: Actor) {
  const paths = [
    '/v1/orders',
    '/v1/orders?type=DRR',
    '/v1/orders?type=MHTR',
    '/v1/orders?provider=PROV-DRUGS',
    '/v1/orders?provider=PROV-MH',
    `/v1/orders/${orderId}`,
    `/v1/orders/${orderId}/events?limit=200`,
    `/v1/orders/${orderId}/incidents`,
    '/v1/requirements',
    '/v1/requirements?type=DRR',
    '/v1/requirements?type=MHTR',
    `/v1/requirements/${drrId}`,
    `/v1/requirements/${mhtrId}`,
    '/v1/deadlines',
    `/v1/appointments?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`,
  ];
  const answers = new Map<string, { status: number; json: Json }>();
  for (const path of paths) answers.set(path, await read(actor, path));
  return answers;
}

const parties: [string, Actor, ('drr' | 'mhtr')[]][] = [
  ['the MHTR’s provider', actors.mhProvider, ['drr']],
  ['the DRR’s provider', actors.provider, ['mhtr']],
  ['a provider of neither', actors.otherProvider, ['drr', 'mhtr']],
  ['the court assessor, after sentence', actors.assessor, ['drr', 'mhtr']],
  ['another court', otherCourt, ['drr', 'mhtr']],
  ['another PDU', otherPdu, ['drr', 'mhtr']],
  ['the court', actors.court, []],
  ['probation', actors.probation, []],
  ['enforcement', actors.enforcement, []],
];

describe('a walk of every read route as each party', () => {
  it.each(parties)(
    '%s finds nothing of a requirement the requirement read refuses it',
    async (_name, actor, hidden) => {
      const ids = { drr: drrId, mhtr: mhtrId };
      const refused = [];
      for (const key of ['drr', 'mhtr'] as const) {
        const { status } = await read(actor, `/v1/requirements/${ids[key]}`);
        if (status === 404) refused.push(key);
      }
      expect(refused).toEqual(hidden);

      const since = new Date(Date.now() - 1);
      const answers = await walk(actor);
      for (const [path, { status, json }] of answers) {
        // A refusal echoes the path it was asked (`instance`): that names nothing the caller did not send.
        const text = JSON.stringify(status >= 400 ? { ...json, instance: undefined } : json);
        for (const key of hidden) {
          expect(text, `${path} (${status}) names the hidden ${key}`).not.toContain(ids[key]);
          for (const mark of MARKS[key]) expect(text, `${path} shows ${mark}`).not.toContain(mark);
        }
      }
      // Lists name no hidden requirement's type, and filtering by it finds nothing.
      const types = (answers.get('/v1/orders')!.json.items as { requirementTypes: string[] }[]).flatMap(
        (o) => o.requirementTypes,
      );
      for (const key of hidden) {
        const type = key.toUpperCase();
        expect(types).not.toContain(type);
        expect(answers.get(`/v1/orders?type=${type}`)!.json.items).toEqual([]);
        const provider = key === 'drr' ? 'PROV-DRUGS' : 'PROV-MH';
        if (actor.org !== provider)
          expect(answers.get(`/v1/orders?provider=${provider}`)!.json.items ?? []).toEqual([]);
      }
      // Nothing hidden was logged as read by this actor.
      const logged = await t.db
        .selectFrom('access_log_entries')
        .select(['resource_id', 'status'])
        .where('at', '>=', since)
        .where('actor_sub', '=', actor.sub)
        .where('resource_id', 'in', hidden.length ? hidden.map((k) => ids[k]) : ['-'])
        .execute();
      expect(logged).toEqual([]);
    },
  );

  it('shows the MHTR’s provider its order without the DRR’s incident or the order’s compliance counts', async () => {
    const { status, json } = await read(actors.mhProvider, `/v1/orders/${orderId}`);
    expect(status).toBe(200);
    expect(field(json.requirementDetails, 'id')).toEqual([mhtrId]);
    expect(field(json.requirements, 'requirementId')).toEqual([mhtrId]);
    expect(field(json.proposedRequirements, 'requirementId')).toEqual([mhtrId]);
    expect(json.compliance).toEqual({ incidents: [] });
    expect(json.case.offences).toBeUndefined();
    expect(json.case.proposedTypes).toBeUndefined();
  });

  it('shows probation both requirements, the incident and the counts', async () => {
    const { json } = await read(actors.probation, `/v1/orders/${orderId}`);
    expect(field(json.requirementDetails, 'id').sort()).toEqual([drrId, mhtrId].sort());
    expect(json.compliance.incidents).toEqual([expect.objectContaining({ requirementId: drrId })]);
    expect(json.compliance.pendingDecisions).toBe(1);
  });
});

describe('fields shown by class, per role', () => {
  const sessionNote = 'MH-SESSION-NOTE';

  it.each<[string, Actor, boolean]>([
    ['the MHTR’s provider', actors.mhProvider, true],
    ['probation', actors.probation, true],
    ['the court', actors.court, false],
    ['enforcement', actors.enforcement, false],
  ])('a clinician’s session notes reach %s: %s', async (_name, actor, shown) => {
    for (const path of [`/v1/orders/${orderId}`, `/v1/requirements/${mhtrId}`]) {
      const { json } = await read(actor, path);
      expect(JSON.stringify(json).includes(sessionNote), path).toBe(shown);
    }
  });

  it('keeps session notes out of the court’s event history, but not the sessions', async () => {
    const { json } = await read(actors.court, `/v1/orders/${orderId}/events?limit=200`);
    const outcomes = (json.items as Json[]).filter((e) => e.type === 'OutcomeRecorded');
    expect(outcomes).toHaveLength(2);
    expect(JSON.stringify(outcomes)).not.toContain(sessionNote);
    expect(outcomes.map((e) => (e as { payload: { attended: string } }).payload.attended).sort()).toEqual([
      'NO',
      'YES',
    ]);
  });

  it('withholds a field nobody has classified, from every role', async () => {
    await t.db
      .updateTable('requirements')
      .set({ view: sql`view || '{"futureField": "UNCLASSIFIED-SECRET"}'::jsonb` })
      .where('id', '=', mhtrId)
      .execute();
    await t.db
      .updateTable('orders')
      .set({ view: sql`view || '{"futureField": "UNCLASSIFIED-SECRET"}'::jsonb` })
      .where('id', '=', orderId)
      .execute();
    const roles: Actor[] = [actors.mhProvider, actors.court, actors.probation, actors.enforcement];
    for (const actor of roles) {
      for (const path of [`/v1/orders/${orderId}`, `/v1/requirements/${mhtrId}`]) {
        const { status, json } = await read(actor, path);
        expect(status).toBe(200);
        expect(JSON.stringify(json), `${actor.role} ${path}`).not.toContain('UNCLASSIFIED-SECRET');
      }
    }
    const stored = await t.db
      .selectFrom('orders')
      .select('view')
      .where('id', '=', orderId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored.view)).toContain('UNCLASSIFIED-SECRET');
  });

  it('answers a provider’s assessment with the order as it may see it, not the other provider’s requirement', async () => {
    const today = await j.today();
    const opened: Json = await j.post(actors.assessor, '/v1/orders', openCaseBody(today, ['DRR', 'MHTR']));
    const o = `/v1/orders/${opened.orderId}`;
    await j.post(actors.assessor, `${o}/screening`, { outcome: 'PROCEED_TO_ASSESSMENT' });
    const drr: Json = await j.post(actors.assessor, `${o}/requirements`, {
      type: 'DRR',
      providerOrgId: 'PROV-DRUGS',
    });
    const mhtr: Json = await j.post(actors.assessor, `${o}/requirements`, {
      type: 'MHTR',
      providerOrgId: 'PROV-MH',
    });
    const answer: Json = await j.post(
      actors.mhProvider,
      `/v1/requirements/${mhtr.requirementId}/assessment`,
      assessmentBody({ type: 'MHTR', months: 6 }),
    );
    expect(field(answer.proposedRequirements, 'requirementId')).toEqual([mhtr.requirementId]);
    expect(JSON.stringify(answer)).not.toContain(drr.requirementId);
    expect(answer.case.offences).toBeUndefined();
  });
});

describe('a provider’s access follows the referral', () => {
  it('keeps the assessing provider until referral, ends with a decline, and follows a new referral', async () => {
    const { orderId: o, ids } = await sentencedCase(j, {
      months: 6,
      requirements: [{ type: 'DRR', months: 6 }],
    });
    const r = `/v1/requirements/${ids[0]}`;
    const status = async (actor: Actor, path: string) => (await read(actor, path)).status;
    // Sentenced, not yet referred: the provider that assessed the person still has it.
    expect(await status(actors.provider, r)).toBe(200);
    expect(await status(actors.provider, `/v1/orders/${o}`)).toBe(200);

    await j.post(actors.probation, `${r}/referral`, { providerOrgId: actors.provider.org });
    await j.post(actors.provider, `${r}/acceptance`, { accepted: false, reason: 'No capacity' });
    expect(await status(actors.provider, r)).toBe(404);
    expect(await status(actors.provider, `/v1/orders/${o}`)).toBe(404);
    const caseload: Json = (await read(actors.provider, '/v1/requirements')).json;
    expect(JSON.stringify(caseload)).not.toContain(ids[0]);
    const stored = await t.db
      .selectFrom('requirements')
      .select('provider_org_id')
      .where('id', '=', ids[0]!)
      .executeTakeFirstOrThrow();
    expect(stored.provider_org_id).toBeNull();

    // Referred to a provider that did not assess: it sees the requirement and, through it, the order.
    expect(await status(actors.otherProvider, `/v1/orders/${o}`)).toBe(404);
    await j.post(actors.probation, `${r}/referral`, { providerOrgId: actors.otherProvider.org });
    expect(await status(actors.otherProvider, r)).toBe(200);
    const order: Json = await j.get(actors.otherProvider, `/v1/orders/${o}`);
    expect(field(order.requirementDetails, 'id')).toEqual([ids[0]]);
    expect(await status(actors.provider, r)).toBe(404);
  });
});

describe('the classification of event fields', () => {
  it('names every field of every event, so that none is shown or withheld by accident', () => {
    const unclassified: string[] = [];
    for (const union of [OrderEventSchema, RequirementEventSchema])
      for (const option of union.options) {
        const type = option.shape.type.value;
        for (const field of Object.keys(option.shape))
          if (eventFieldClass(type, field) === undefined) unclassified.push(`${type}.${field}`);
      }
    expect(unclassified).toEqual([]);
  });

  it('withholds a field it does not name', () => {
    const shown = discloseEvent('probation', { type: 'OutcomeRecorded', attended: 'YES', novel: 'x' });
    expect(shown).toEqual({ type: 'OutcomeRecorded', attended: 'YES' });
  });
});
