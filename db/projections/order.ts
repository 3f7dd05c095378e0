import { type Kysely, type Transaction, sql } from 'kysely';
import type { OrderView } from '../../domain/order';
import type { Database } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;
type ProposedRequirement = OrderView['proposedRequirements'][number];

const json = (value: unknown) => JSON.stringify(value);

function preSentenceStatus(r: ProposedRequirement): string {
  if (r.consent?.status === 'GIVEN') return 'READY_TO_PROPOSE';
  if (r.consent) return 'CLOSED_DECLINED';
  return r.assessment ? `ASSESSED_${r.assessment.outcome}` : 'AWAITING_ASSESSMENT';
}

/**
 * Writes the order's rows from its latest view. Returns false, and writes nothing, when a newer version is
 * already stored (a retry or a late write of an older batch).
 */
export async function projectOrder(db: Db, view: OrderView, version: number, at: string): Promise<boolean> {
  const c = view.case;
  const orderId = view.orderId;
  if (!c || !orderId) return false;
  const providers = [
    ...new Set([
      ...view.proposedRequirements.map((r) => r.providerOrgId),
      ...view.requirements.map((r) => r.providerOrgId),
    ]),
  ].filter((p): p is string => typeof p === 'string');
  const row = {
    id: orderId,
    version,
    status: view.status,
    order_type: view.order?.orderType ?? null,
    court_code: c.court.code,
    pdu: c.probationDeliveryUnit,
    provider_org_ids: providers,
    requirement_types: [...new Set(view.proposedRequirements.map((r) => r.type))],
    hearing_date: c.hearingDate,
    sentence_date: view.order?.sentenceDate ?? null,
    end_date: view.order?.endDate ?? null,
    opened_at: c.openedAt,
    updated_at: at,
    view: json(view),
  };
  const written = await db
    .insertInto('orders')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet((eb) => ({ ...row, id: eb.ref('excluded.id') }))
        .where('orders.version', '<', version),
    )
    .returning('id')
    .executeTakeFirst();
  if (!written) return false;

  await projectPreSentenceRequirements(db, orderId, view, version, at);
  await projectCompliance(db, orderId, view);
  return true;
}

async function projectPreSentenceRequirements(
  db: Db,
  orderId: string,
  view: OrderView,
  version: number,
  at: string,
) {
  const c = view.case!;
  if (view.proposedRequirements.length === 0) return;
  await db
    .insertInto('requirements')
    .values(
      view.proposedRequirements.map((r) => ({
        id: r.requirementId,
        order_id: orderId,
        stage: 'PRE_SENTENCE' as const,
        version,
        type: r.type,
        status: preSentenceStatus(r),
        provider_org_id: r.providerOrgId,
        pdu: c.probationDeliveryUnit,
        court_code: c.court.code,
        period_start: null,
        period_end: null,
        updated_at: at,
        view: json(r),
      })),
    )
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({
          version: sql`excluded.version`,
          status: sql`excluded.status`,
          provider_org_id: sql`excluded.provider_org_id`,
          updated_at: sql`excluded.updated_at`,
          view: sql`excluded.view`,
        })
        .where('requirements.stage', '=', 'PRE_SENTENCE'),
    )
    .execute();
}

async function projectCompliance(db: Db, orderId: string, view: OrderView) {
  const { incidents, warnings, referrals, proceedings } = view.compliance;
  if (incidents.length > 0) {
    await db
      .insertInto('incidents')
      .values(
        incidents.map((i) => ({
          id: i.incidentId,
          order_id: orderId,
          requirement_id: i.requirementId,
          source: i.source,
          status: i.status,
          occurred_at: i.occurredAt,
          data: json(i),
        })),
      )
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({ status: sql`excluded.status`, data: sql`excluded.data` }),
      )
      .execute();
  }
  const actions = [
    ...warnings.map((w) => ({
      id: w.warningId,
      kind: 'WARNING' as const,
      status: w.expired ? 'EXPIRED' : 'LIVE',
      acted_on: w.givenOn,
      data: w,
    })),
    ...referrals.map((r) => ({
      id: r.referralId,
      kind: 'REFERRAL' as const,
      status: r.status,
      acted_on: r.referredOn,
      data: r,
    })),
    ...proceedings.map((p) => ({
      id: p.proceedingId,
      kind: 'PROCEEDING' as const,
      status: p.status,
      acted_on: p.informationLaidOn,
      data: p,
    })),
  ];
  if (actions.length > 0) {
    await db
      .insertInto('enforcement_actions')
      .values(actions.map((a) => ({ ...a, order_id: orderId, data: json(a.data) })))
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({ status: sql`excluded.status`, data: sql`excluded.data` }),
      )
      .execute();
  }
}
