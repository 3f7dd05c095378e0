import { type Kysely, sql } from 'kysely';
import { RequirementType } from '../../../domain/enums';
import type { Role } from '../../../domain/primitives';
import type { Database } from '../../../db/schema';
import type { StoredRequirementView } from '../../../domain/disclosure/requirement';
import { discloseRequirementView } from '../../disclosure/requirement';
import type { Principal } from '../../env';
import { requirementVisibleTo } from '../../scope';
import { decodeCursor, page } from '../paging';
import { isOverdue } from './deadlines';
import { compiledOnce } from '../../../db/compiled-once';
import { pageRead, readOf } from './read';

/** The deadlines, each overdue by the engine's clock. */
const overdueAt = <D extends { dueAt: string }>(deadlines: readonly D[], now: Date) =>
  deadlines.map((d) => ({ ...d, overdue: isOverdue(d.dueAt, now) }));

/** A requirement's view as the role may see it, its deadlines overdue by the engine's clock. */
export function requirementDetail(role: Role, view: StoredRequirementView, now: Date) {
  const shown = discloseRequirementView(role, view);
  if (!('deadlines' in shown) || !Array.isArray(shown.deadlines)) return shown;
  return { ...shown, deadlines: overdueAt(shown.deadlines, now) };
}

/** A requirement's view as a set of shown classes was kept disclosed (db/projections/disclosures.ts). */
export interface KeptDetail {
  text: string;
  deadlines_at: number | null;
}

/**
 * `requirementDetail`'s JSON text from the view's kept disclosed text: only its trailing deadlines are parsed,
 * to be overdue by the engine's clock, and written back.
 */
export function keptDetailText(kept: KeptDetail, now: Date): string {
  if (kept.deadlines_at === null) return kept.text;
  const deadlines = JSON.parse(kept.text.slice(kept.deadlines_at, -1)) as { dueAt: string }[];
  return `${kept.text.slice(0, kept.deadlines_at)}${JSON.stringify(overdueAt(deadlines, now))}}`;
}

export interface RequirementFilters {
  status?: string;
  type?: RequirementType;
  limit: number;
  cursor?: string;
}

/**
 * A page of the caller's caseload, compiled once per shape: the role, then the filters given (`status`,
 * `type`, `after` a cursor's id), space-separated.
 */
const requirementPage = compiledOnce(
  (db, shape: string, v: Record<'org' | 'status' | 'type' | 'after' | 'limit', string>) => {
    const [role, ...filters] = shape.split(' ');
    let query = db
      .selectFrom('requirements')
      .select(['id', 'order_id', 'type', 'status', 'stage', 'provider_org_id', 'period_start', 'period_end'])
      .where(requirementVisibleTo({ role: role as Role, org: v.org }));
    if (filters.includes('status')) query = query.where('status', '=', v.status);
    if (filters.includes('type')) query = query.where('type', '=', v.type as RequirementType);
    if (filters.includes('after')) query = query.where(sql<boolean>`id > ${v.after}`);
    return query.orderBy(sql`id`).limit(sql<number>`${v.limit}`);
  },
);

/** The caller's caseload: the requirements it may see, a page at a time. */
export async function listRequirements(db: Kysely<Database>, p: Principal, q: RequirementFilters) {
  const after = decodeCursor(q.cursor, 'id');
  const shape = [p.role, q.status ? 'status' : '', q.type ? 'type' : '', after ? 'after' : '']
    .filter(Boolean)
    .join(' ');
  const rows = await requirementPage(db, shape, {
    org: p.org,
    status: q.status ?? '',
    type: q.type ?? '',
    after: after ?? '',
    limit: String(q.limit + 1),
  });
  return pageRead(
    page(rows, q.limit, (r) => r.id),
    (r) => ({
      id: r.id,
      orderId: r.order_id,
      type: RequirementType.parse(r.type),
      status: r.status,
      stage: r.stage,
      providerOrgId: r.provider_org_id,
      periodStart: r.period_start,
      periodEnd: r.period_end,
    }),
    (r) => readOf('requirement', r.id, r.order_id),
  );
}

/**
 * One requirement as the caller may see it, in one statement: whether it may (the scope rule, for
 * api/middleware/authorize's `readTarget` to refuse from) and, only if so, its view; nothing when there is no
 * such requirement.
 */
const requirementRead = compiledOnce((db, role: Role, v: Record<'org' | 'requirementId', string>) => {
  const visible = requirementVisibleTo({ role, org: v.org });
  return db
    .selectFrom('requirements')
    .select([
      'id',
      'order_id',
      'type',
      'status',
      'stage',
      'provider_org_id',
      visible.as('visible'),
      sql<StoredRequirementView | null>`CASE WHEN ${visible} THEN view END`.as('view'),
    ])
    .where('id', '=', v.requirementId);
});

export async function readRequirement(db: Kysely<Database>, p: Principal, requirementId: string, now: Date) {
  const [row] = await requirementRead(db, p.role, { org: p.org, requirementId });
  if (!row) return undefined;
  return {
    id: row.id,
    orderId: row.order_id,
    stage: row.stage,
    visible: row.visible,
    /** What the caller is shown: only once `visible` has let it through. */
    shown: () => {
      const envelope = {
        id: row.id,
        orderId: row.order_id,
        type: RequirementType.parse(row.type),
        status: row.status,
        stage: row.stage,
        providerOrgId: row.provider_org_id,
      };
      // Where it sits is reference data that every role that may see it sees; the view has the last word on
      // the fields both hold (its lifecycle status, its current provider).
      return { ...envelope, ...requirementDetail(p.role, row.view!, now) };
    },
  };
}

/** One requirement the caller may see, checked before (as the pages do): what it is shown. */
export async function getRequirement(db: Kysely<Database>, p: Principal, requirementId: string, now: Date) {
  const found = await readRequirement(db, p, requirementId, now);
  if (!found?.visible) throw new Error(`requirement ${requirementId} is not one the caller may see`);
  return found.shown();
}
