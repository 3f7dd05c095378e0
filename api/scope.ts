import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/schema';
import type { Role } from '../domain/primitives';
import type { Principal } from './env';

/** Whom a scope rule is for: a role within an organisation. */
type Party = Pick<Principal, 'role' | 'org'>;

/** The roles that never see a person or a case: every case-level route refuses them (403) before looking. */
const SEES_NO_CASE: ReadonlySet<Role> = new Set(['commissioner', 'data-protection']);

export const seesCases = (role: Role): boolean => !SEES_NO_CASE.has(role);

/** A commissioner whose organisation is this sees the figures of England and Wales. */
export const NATIONAL = 'NATIONAL';

/**
 * The region a commissioner's figures are confined to (the region of each order's PDU), or null for all of
 * England and Wales; undefined for a role that sees no figures.
 */
export function kpiRegionOf(p: Principal): string | null | undefined {
  if (p.role !== 'commissioner') return undefined;
  return p.org === NATIONAL ? null : p.org;
}

/** The organisation column each role is scoped by: its court, its PDU, or (a provider) its own; none for the rest. */
function ownColumn(p: Party, alias: string) {
  switch (p.role) {
    case 'court-assessor':
    case 'court':
      return sql.ref(`${alias}.court_code`);
    case 'probation':
    case 'enforcement':
      return sql.ref(`${alias}.pdu`);
    case 'provider':
      return sql.ref(`${alias}.provider_org_id`);
    case 'commissioner':
    case 'data-protection':
      return null;
  }
}

/**
 * Who sees which requirement, the one rule every read, list, write and page applies: a court and its
 * assessors their own court's (an assessor's access ends at sentence), probation and enforcement their PDU's,
 * a provider the requirements assessed by or referred to it. `alias` names the `requirements` row.
 */
export function requirementVisibleTo(p: Party, alias = 'requirements'): RawBuilder<boolean> {
  const column = ownColumn(p, alias);
  if (column === null) return sql<boolean>`false`;
  const own = sql<boolean>`${column} = ${p.org}`;
  return p.role === 'court-assessor'
    ? sql<boolean>`(${own} AND ${sql.ref(`${alias}.stage`)} = 'PRE_SENTENCE')`
    : own;
}

/** An order is seen by its court and PDU; a provider sees it only through a requirement it may see. */
export function orderVisibleTo(p: Party, alias = 'orders'): RawBuilder<boolean> {
  if (p.role === 'provider')
    return sql<boolean>`EXISTS (SELECT 1 FROM requirements AS r WHERE r.order_id = ${sql.ref(`${alias}.id`)} AND ${requirementVisibleTo(p, 'r')})`;
  const column = ownColumn(p, alias);
  return column === null ? sql<boolean>`false` : sql<boolean>`${column} = ${p.org}`;
}

/** The requirements of one order that the caller may see. */
export async function visibleRequirementIds(
  db: Kysely<Database>,
  p: Principal,
  orderId: string,
): Promise<Set<string>> {
  const rows = await db
    .selectFrom('requirements')
    .select('id')
    .where('order_id', '=', orderId)
    .where(requirementVisibleTo(p))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** A row naming a requirement in `column` (or none) that the caller may see: none, or one it may see. */
export function namesOnlyVisibleRequirements(p: Party, column: string): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(column)} IS NULL OR EXISTS (SELECT 1 FROM requirements AS r WHERE r.id = ${sql.ref(column)} AND ${requirementVisibleTo(p, 'r')}))`;
}
