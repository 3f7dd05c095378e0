import { fc } from '@fast-check/vitest';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { getOrder, readOrder } from '../../api/reads/queries/orders';
import { keptDetailText, requirementDetail } from '../../api/reads/queries/requirements';
import { DISCLOSURE_RULES, shownBy } from '../../db/projections/disclosures';
import { projectRequirement } from '../../db/projections/requirement';
import type { StoredRequirementView } from '../../domain/disclosure/requirement';
import { SHOWN } from '../../domain/disclosure/classes';
import { type OrderView, initialOrderState, orderView } from '../../domain/order';
import { discloseOrder } from '../../api/disclosure/order';
import type { Role } from '../../domain/primitives';
import { type RequirementView, requirementView } from '../../domain/requirement';
import { impositions, intents } from '../domain/requirement/random-plans';
import { run } from '../domain/requirement/random-run';
import { useTestDatabase } from '../support/database';

// A requirement's view kept disclosed per set of shown classes, written with the view and spliced into the
// order read (issue 15, the read's CPU): the same bytes as disclosing the stored view, or not served at all.

const t = useTestDatabase();

const ROLES = (Object.keys(SHOWN) as Role[]).filter((role) => SHOWN[role].size > 0);
const SCOPE = { pdu: 'PDU-K', courtCode: 'C001' };
const AT = '2026-12-07T10:00:00.000Z';
let version = 0;

/** Writes the view as the persist activity does (it arrives as JSON), and reads back what is stored. */
async function written(view: RequirementView) {
  const v = ++version;
  expect(
    await projectRequirement(t.db, JSON.parse(JSON.stringify(view)) as RequirementView, SCOPE, v, AT),
  ).toBe(true);
  const id = (view as { requirementId: string }).requirementId;
  const { view: stored } = await t.db
    .selectFrom('requirements')
    .select('view')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const kept = await t.db
    .selectFrom('requirement_disclosures')
    .selectAll()
    .where('requirement_id', '=', id)
    .execute();
  return { id, version: v, stored: stored as StoredRequirementView, kept };
}

/** Instants either side of each deadline, and at it. */
function instantsAround(view: RequirementView): Date[] {
  const deadlines = ('deadlines' in view && view.deadlines) || [];
  return [
    new Date(AT),
    ...deadlines.flatMap((d) => [-1, 0, 1].map((ms) => new Date(Date.parse(d.dueAt) + ms))),
  ];
}

describe('the kept disclosed text of a requirement view', () => {
  it('is, for every role at instants either side of each deadline, the text of disclosing the stored view', async () => {
    await fc.assert(
      fc.asyncProperty(impositions, intents, fc.nat(), async (imposition, plan, at) => {
        const { steps } = run(imposition, plan);
        // A random point of its life, and its end.
        for (const state of [steps[at % steps.length]!.after, steps.at(-1)!.after]) {
          const view = requirementView(state);
          const { stored, kept, version: v } = await written(view);
          for (const row of kept) {
            expect(row.version).toBe(v);
            expect(row.rules).toBe(DISCLOSURE_RULES);
          }
          for (const role of ROLES) {
            const row = kept.find((k) => k.shown === shownBy(role));
            expect(row, role).toBeDefined();
            for (const now of instantsAround(view))
              expect(keptDetailText(row!, now)).toBe(JSON.stringify(requirementDetail(role, stored, now)));
          }
        }
      }),
      { numRuns: 20 },
    );
  });

  it('is written only with the view: not by an older version', async () => {
    const { steps } = run(fc.sample(impositions, { seed: 7, numRuns: 1 })[0]!, []);
    const view = requirementView(steps.at(-1)!.after);
    const { id, version: v } = await written(view);
    expect(await projectRequirement(t.db, view, SCOPE, v - 1, AT)).toBe(false);
    const versions = await t.db
      .selectFrom('requirement_disclosures')
      .select('version')
      .where('requirement_id', '=', id)
      .execute();
    expect(versions.map((r) => r.version)).toEqual(new Array(new Set(ROLES.map(shownBy)).size).fill(v));
  });
});

describe('the order read', () => {
  it('splices the kept text where its version and rules are the running ones, and never otherwise', async () => {
    const { steps } = run(
      fc.sample(impositions, { seed: 11, numRuns: 1 })[0]!,
      fc.sample(intents, { seed: 3, numRuns: 1 })[0]!,
    );
    const view = requirementView(steps.at(-1)!.after);
    const orderId = (view as { orderId: string }).orderId;
    await sql`DELETE FROM orders WHERE id = ${orderId}`.execute(t.db);
    await t.db
      .insertInto('orders')
      .values({
        id: orderId,
        version: 1,
        status: 'ACTIVE',
        order_type: null,
        court_code: SCOPE.courtCode,
        pdu: SCOPE.pdu,
        hearing_date: null,
        sentence_date: null,
        end_date: null,
        opened_at: AT,
        updated_at: AT,
        view: JSON.stringify(orderView(initialOrderState)),
      })
      .execute();
    const { id, version: v } = await written(view);
    const probation = { sub: 'officer-1', role: 'probation' as const, org: SCOPE.pdu, clientId: 'c' };
    const now = new Date(AT);
    const text = async () => (await readOrder(t.db, probation, orderId, now))!.shown().value;
    const kept = await text();
    // What the answer was before any text was kept: the stored views disclosed, the whole written by c.json.
    const { stored } = await t.db
      .selectFrom('requirements')
      .select('view as stored')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const { order } = await t.db
      .selectFrom('orders')
      .select('view as order')
      .where('id', '=', orderId)
      .executeTakeFirstOrThrow();
    const requirement = stored as Exclude<RequirementView, { status: 'NOT_IMPOSED' }>;
    expect(kept).toBe(
      JSON.stringify({
        ...discloseOrder('probation', order as OrderView, new Set([id])),
        requirementDetails: [
          {
            id,
            type: requirement.type,
            status: requirement.displayStatus,
            stage: 'SENTENCED',
            detail: requirementDetail('probation', requirement, now),
          },
        ],
        nextDeadlines: [],
      }),
    );
    expect((await getOrder(t.db, probation, orderId, now)).value).toEqual(JSON.parse(kept));

    // A kept text that is served shows in the answer …
    const marked = (rows: Record<string, unknown>) =>
      t.db.updateTable('requirement_disclosures').set(rows).where('requirement_id', '=', id).execute();
    await marked({ text: '{"served":true}', deadlines_at: null });
    expect(await text()).toContain('"detail":{"served":true}');
    // … and one of other rules, or of another version, never does: the view is disclosed as it stands.
    await marked({ rules: 'other-rules' });
    expect(await text()).toBe(kept);
    await marked({ rules: DISCLOSURE_RULES, version: v - 1 });
    expect(await text()).toBe(kept);
  });
});
