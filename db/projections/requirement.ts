import { type Kysely, type Transaction, sql } from 'kysely';
import type { RequirementView } from '../../domain/requirement';
import type { Database } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;
type ImposedView = Exclude<RequirementView, { status: 'NOT_IMPOSED' }>;

/** Where a requirement sits: the PDU that supervises it and the court that made the order. */
export interface RequirementScope {
  pdu: string;
  courtCode: string;
}

const json = (value: unknown) => JSON.stringify(value);

/**
 * Writes a sentenced requirement's rows from its latest view. Returns false, and writes nothing, when a
 * newer version is already stored.
 */
export async function projectRequirement(
  db: Db,
  view: RequirementView,
  scope: RequirementScope,
  version: number,
  at: string,
): Promise<boolean> {
  if (view.status === 'NOT_IMPOSED') return false;
  const row = {
    id: view.requirementId,
    order_id: view.orderId,
    stage: 'SENTENCED' as const,
    version,
    type: view.type,
    status: view.displayStatus,
    provider_org_id: view.providerOrgId,
    pdu: scope.pdu,
    court_code: scope.courtCode,
    period_start: view.periods[0]?.start ?? null,
    period_end: view.periods.at(-1)?.end ?? null,
    updated_at: at,
    view: json(view),
  };
  const written = await db
    .insertInto('requirements')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('id')
        // Until probation refers it, the provider that assessed the person keeps the requirement in scope.
        .doUpdateSet((eb) => ({
          ...row,
          id: eb.ref('excluded.id'),
          provider_org_id: sql<
            string | null
          >`coalesce(excluded.provider_org_id, requirements.provider_org_id)`,
        }))
        .where((eb) =>
          eb.or([eb('requirements.stage', '=', 'PRE_SENTENCE'), eb('requirements.version', '<', version)]),
        ),
    )
    .returning('id')
    .executeTakeFirst();
  if (!written) return false;
  await projectItems(db, view);
  return true;
}

async function projectItems(db: Db, view: ImposedView) {
  const keys = { requirement_id: view.requirementId, order_id: view.orderId };
  if (view.appointments.length > 0) {
    await db
      .insertInto('appointments')
      .values(
        view.appointments.map((a) => ({
          ...keys,
          id: a.id,
          status: a.status,
          start_at: a.start,
          kind: a.kind,
          enforceable: a.enforceable,
          outcome: a.outcome,
          data: json(a),
        })),
      )
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          status: sql`excluded.status`,
          data: sql`excluded.data`,
          start_at: sql`excluded.start_at`,
          outcome: sql`excluded.outcome`,
        }),
      )
      .execute();
  }
  if (view.drugTests.length > 0) {
    await db
      .insertInto('drug_tests')
      .values(
        view.drugTests.map((t) => ({
          ...keys,
          id: t.id,
          status: t.status,
          due_at: t.dueAt,
          outcome: t.outcome,
          data: json(t),
        })),
      )
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          status: sql`excluded.status`,
          data: sql`excluded.data`,
          outcome: sql`excluded.outcome`,
        }),
      )
      .execute();
  }
  if (view.reviews.length > 0) {
    await db
      .insertInto('reviews')
      .values(
        view.reviews.map((r) => ({
          ...keys,
          id: r.id,
          status: r.status,
          review_date: r.date,
          mode: r.mode,
          data: json(r),
        })),
      )
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          status: sql`excluded.status`,
          data: sql`excluded.data`,
          review_date: sql`excluded.review_date`,
          mode: sql`excluded.mode`,
        }),
      )
      .execute();
  }
}
