// Frozen: never edit after it has run anywhere; add a new migration instead.
import { type Kysely, sql } from 'kysely';

/**
 * Who sees an order, and which requirement types it lists, now come from its requirements' rows (one scope
 * rule, api/scope.ts): the order's own copies of its providers and types go.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX orders_providers`.execute(db);
  await sql`ALTER TABLE orders DROP COLUMN provider_org_ids, DROP COLUMN requirement_types`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE orders ADD COLUMN provider_org_ids text[] NOT NULL DEFAULT '{}',
    ADD COLUMN requirement_types text[] NOT NULL DEFAULT '{}'`.execute(db);
  await sql`CREATE INDEX orders_providers ON orders USING gin (provider_org_ids)`.execute(db);
}
