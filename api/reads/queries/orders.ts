import { type Kysely, type RawBuilder, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { RequirementType } from '../../../domain/enums';
import type { OrderView } from '../../../domain/order';
import type { Role } from '../../../domain/primitives';
import type { Database } from '../../../db/schema';
import { type OrderIncident, deadlineShownTo, discloseIncident, discloseOrder } from '../../disclosure/order';
import type { StoredRequirementView } from '../../../domain/disclosure/requirement';
import type { Principal } from '../../env';
import { namesOnlyVisibleRequirements, orderVisibleTo, requirementVisibleTo } from '../../scope';
import { decodeCursor, page, pageById } from '../paging';
import { DEADLINE_COLUMNS, deadlineJson } from './deadlines';
import { eventJson, SHOWN_EVENT_COLUMNS } from './events';
import { compiledOnce } from '../../../db/compiled-once';
import { casePerson, personJson } from './person';
import { pageRead, type Read, readOf } from './read';
import { keptDetailText, requirementDetail } from './requirements';
import { DISCLOSURE_RULES, shownBy } from '../../../db/projections/disclosures';
import type { z } from 'zod';
import type { OrderRead } from '../../schemas/order-read';

export interface OrderFilters {
  status?: string;
  /** A requirement type (among those the caller may see) or an order type. */
  type?: string;
  court?: string;
  pdu?: string;
  provider?: string;
  /** A CRN, or part of the person's name. */
  search?: string;
  limit: number;
  cursor?: string;
}

/** The person's CRN is the words searched for, or their name holds them (case ignored). */
function personMatches(search: string): RawBuilder<boolean> {
  const words = search.trim();
  const pattern = `%${words.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  return sql<boolean>`(upper(${casePerson} ->> 'crn') = upper(${words}) OR concat_ws(' ', ${casePerson} ->> 'givenName', ${casePerson} ->> 'familyName') ILIKE ${pattern})`;
}

/** The orders the caller may see, a page at a time, each with the types of the requirements it may see. */
export async function listOrders(db: Kysely<Database>, p: Principal, q: OrderFilters) {
  const withVisibleRequirement = (where: RawBuilder<boolean>) =>
    sql<boolean>`EXISTS (SELECT 1 FROM requirements AS r WHERE r.order_id = orders.id AND ${requirementVisibleTo(p, 'r')} AND ${where})`;
  let query = db
    .selectFrom('orders')
    .select([
      'id',
      'status',
      'order_type',
      'court_code',
      'pdu',
      sql<
        string[]
      >`ARRAY(SELECT DISTINCT r.type FROM requirements AS r WHERE r.order_id = orders.id AND ${requirementVisibleTo(p, 'r')} ORDER BY r.type)`.as(
        'requirement_types',
      ),
      'hearing_date',
      'sentence_date',
      'end_date',
      casePerson.as('person'),
    ])
    .where(orderVisibleTo(p));
  if (q.status) query = query.where('status', '=', q.status);
  if (q.search?.trim()) query = query.where(personMatches(q.search));
  if (q.court) query = query.where('court_code', '=', q.court);
  if (q.pdu) query = query.where('pdu', '=', q.pdu);
  if (q.provider)
    query = query.where(withVisibleRequirement(sql<boolean>`r.provider_org_id = ${q.provider}`));
  if (q.type) {
    query = RequirementType.safeParse(q.type).success
      ? query.where(withVisibleRequirement(sql<boolean>`r.type = ${q.type}`))
      : query.where('order_type', '=', q.type);
  }
  return pageRead(
    await pageById(query, q),
    (r) => ({
      id: r.id,
      person: personJson(r.person),
      status: r.status,
      orderType: r.order_type,
      courtCode: r.court_code,
      probationDeliveryUnit: r.pdu,
      requirementTypes: r.requirement_types,
      hearingDate: r.hearing_date,
      sentenceDate: r.sentence_date,
      endDate: r.end_date,
    }),
    (r) => readOf('order', r.id, r.id),
  );
}

/**
 * One order as the caller may see it, in one statement: whether it may (the scope rule, for
 * api/middleware/authorize's `readTarget` to refuse from) and, only if so, its view, the requirements of it the
 * caller may see (and only those) and its next deadlines; nothing when there is no such order.
 */
const orderRead = compiledOnce((db, role: Role, v: Record<'org' | 'orderId', string>) => {
  const p = { role, org: v.org };
  const visible = orderVisibleTo(p);
  return db
    .selectFrom('orders')
    .select((eb) => [
      'orders.id',
      visible.as('visible'),
      sql<OrderView | null>`CASE WHEN ${visible} THEN orders.view END`.as('view'),
      jsonArrayFrom(
        eb
          .selectFrom('requirements')
          .leftJoin('requirement_disclosures as kept', (join) =>
            join
              .onRef('kept.requirement_id', '=', 'requirements.id')
              .on('kept.shown', '=', shownBy(role))
              .onRef('kept.version', '=', 'requirements.version')
              .on('kept.rules', '=', DISCLOSURE_RULES),
          )
          .select([
            'requirements.id',
            'requirements.type',
            'requirements.status',
            'requirements.stage',
            sql<StoredRequirementView | null>`CASE WHEN kept.text IS NULL THEN requirements.view END`.as(
              'view',
            ),
            'kept.text',
            'kept.deadlines_at',
          ])
          .whereRef('requirements.order_id', '=', 'orders.id')
          .where(visible)
          .where(requirementVisibleTo(p))
          .orderBy('requirements.id'),
      ).as('requirements'),
      jsonArrayFrom(
        eb
          .selectFrom('deadlines')
          .select(DEADLINE_COLUMNS)
          .whereRef('deadlines.order_id', '=', 'orders.id')
          .where(visible)
          .where(namesOnlyVisibleRequirements(p, 'deadlines.requirement_id'))
          .orderBy('deadlines.due_at')
          .limit(20),
      ).as('deadlines'),
    ])
    .where('orders.id', '=', v.orderId);
});

export async function readOrder(db: Kysely<Database>, p: Principal, orderId: string, now: Date) {
  const [row] = await orderRead(db, p.role, { org: p.org, orderId });
  if (!row) return undefined;
  return {
    id: row.id,
    orderId: row.id,
    stage: null,
    visible: row.visible,
    /**
     * What the caller is shown, as the JSON text of `OrderRead`: only once `visible` has let it through. Each
     * requirement's detail is its kept disclosed text where one matches its version and the running rules,
     * spliced in unparsed; otherwise its view disclosed here.
     */
    shown: () => {
      const seen = new Set(row.requirements.map((r) => r.id));
      const order = JSON.stringify(discloseOrder(p.role, row.view!, seen));
      const details = row.requirements.map((r) => {
        const detail =
          r.text === null
            ? JSON.stringify(requirementDetail(p.role, r.view!, now))
            : keptDetailText({ text: r.text, deadlines_at: r.deadlines_at }, now);
        const envelope = JSON.stringify({ id: r.id, type: r.type, status: r.status, stage: r.stage });
        return `${envelope.slice(0, -1)},"detail":${detail}}`;
      });
      const nextDeadlines = row.deadlines
        .filter((d) => deadlineShownTo(p.role, d.kind))
        .map((d) => deadlineJson(d, now));
      return {
        value: `${order.slice(0, -1)}${order === '{}' ? '' : ','}"requirementDetails":[${details.join(',')}],"nextDeadlines":${JSON.stringify(nextDeadlines)}}`,
        accessed: row.requirements.map((r) => readOf('requirement', r.id, row.id)),
      } satisfies Read<string>;
    },
  };
}

/** One order the caller may see, checked before (as the pages do): what it is shown. */
export async function getOrder(db: Kysely<Database>, p: Principal, orderId: string, now: Date) {
  const found = await readOrder(db, p, orderId, now);
  if (!found?.visible) throw new Error(`order ${orderId} is not one the caller may see`);
  const { value, accessed } = found.shown();
  return { value: JSON.parse(value) as z.output<typeof OrderRead>, accessed } satisfies Read<unknown>;
}

/** The order's events in order, those of requirements the caller may not see left out. */
export async function listOrderEvents(
  db: Kysely<Database>,
  p: Principal,
  orderId: string,
  q: { limit: number; cursor?: string },
) {
  const after = decodeCursor(q.cursor, 'seq');
  let query = db
    .selectFrom('events')
    .select(['seq', ...SHOWN_EVENT_COLUMNS])
    .where('order_id', '=', orderId)
    .where(namesOnlyVisibleRequirements(p, 'events.requirement_id'))
    .orderBy('seq')
    .limit(q.limit + 1);
  if (after) query = query.where('seq', '>', after);
  const result = page(await query.execute(), q.limit, (r) => String(r.seq));
  return {
    items: result.items.map((r) => eventJson(p.role, r)),
    nextCursor: result.nextCursor,
  };
}

/** The order's compliance incidents on requirements the caller may see, in the order they happened. */
export async function listOrderIncidents(db: Kysely<Database>, p: Principal, orderId: string) {
  const rows = await db
    .selectFrom('incidents')
    .select(['data'])
    .where('order_id', '=', orderId)
    .where(namesOnlyVisibleRequirements(p, 'incidents.requirement_id'))
    .orderBy('occurred_at')
    .execute();
  return { items: rows.map((r) => discloseIncident(p.role, r.data as OrderIncident)) };
}
