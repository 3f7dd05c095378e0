import { type Kysely, sql } from 'kysely';
import type { RequirementView } from '../../domain/requirement';
import type { Database } from '../schema';
import { changed } from './changed';
import { type RequirementScope, requirementRows } from './rows';

export type { RequirementScope } from './rows';

/**
 * Writes a sentenced requirement's rows from its latest view. Returns false, and writes nothing, when a
 * newer version is already stored.
 */
export async function projectRequirement(
  db: Kysely<Database>,
  view: RequirementView,
  scope: RequirementScope,
  version: number,
  at: string,
): Promise<boolean> {
  if (view.status === 'NOT_IMPOSED') return false;
  const rows = requirementRows(view, scope, version, at);
  const written = await db
    .insertInto('requirements')
    .values(rows.requirement)
    .onConflict((oc) =>
      oc
        .column('id')
        // Until probation first refers it, the provider that assessed the person keeps the requirement in
        // scope; from then on, only the provider it is referred to (none while a declined referral waits).
        .doUpdateSet((eb) => ({
          ...rows.requirement,
          id: eb.ref('excluded.id'),
          provider_org_id: sql<string | null>`coalesce(excluded.provider_org_id, CASE WHEN NOT EXISTS (
            SELECT 1 FROM events WHERE events.requirement_id = excluded.id AND events.type = 'ReferredToProvider'
          ) THEN requirements.provider_org_id END)`,
        }))
        .where((eb) =>
          eb.or([eb('requirements.stage', '=', 'PRE_SENTENCE'), eb('requirements.version', '<', version)]),
        ),
    )
    .returning('id')
    .executeTakeFirst();
  if (!written) return false;

  if (rows.appointments.length > 0) {
    await db
      .insertInto('appointments')
      .values(rows.appointments)
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet({
            status: sql`excluded.status`,
            data: sql`excluded.data`,
            start_at: sql`excluded.start_at`,
            outcome: sql`excluded.outcome`,
          })
          .where(changed('appointments', ['status', 'data', 'start_at', 'outcome'])),
      )
      .execute();
  }
  if (rows.drugTests.length > 0) {
    await db
      .insertInto('drug_tests')
      .values(rows.drugTests)
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet({
            status: sql`excluded.status`,
            data: sql`excluded.data`,
            outcome: sql`excluded.outcome`,
          })
          .where(changed('drug_tests', ['status', 'data', 'outcome'])),
      )
      .execute();
  }
  if (rows.reviews.length > 0) {
    await db
      .insertInto('reviews')
      .values(rows.reviews)
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet({
            status: sql`excluded.status`,
            data: sql`excluded.data`,
            review_date: sql`excluded.review_date`,
            mode: sql`excluded.mode`,
          })
          .where(changed('reviews', ['status', 'data', 'review_date', 'mode'])),
      )
      .execute();
  }
  return true;
}
