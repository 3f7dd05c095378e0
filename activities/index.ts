import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import {
  type OrderBatch,
  type RequirementBatch,
  persistOrderBatch,
  persistRequirementBatch,
} from './persist';

export type { OrderBatch } from './persist';

export interface ActivityDeps {
  db: Kysely<Database>;
}

/** The workflows' side effects, bound to their dependencies; every one is idempotent by event id. */
export function createActivities({ db }: ActivityDeps) {
  return {
    persistOrderBatch: (batch: OrderBatch) => persistOrderBatch(db, batch),
    persistRequirementBatch: (batch: RequirementBatch) => persistRequirementBatch(db, batch),
  };
}

export type Activities = ReturnType<typeof createActivities>;
