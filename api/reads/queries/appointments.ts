import type { Kysely } from 'kysely';
import { RequirementType } from '../../../domain/enums';
import type { Database } from '../../../db/schema';
import { discloseAppointment } from '../../disclosure/requirement';
import type { Principal } from '../../env';
import { requirementVisibleTo } from '../../scope';
import { readOf } from './read';

export interface DiaryFilters {
  from: string;
  to: string;
  limit: number;
}

type Appointment = Parameters<typeof discloseAppointment>[1];

/** The caller's diary: appointments between two instants on the requirements it may see, in time order. */
export async function listAppointments(db: Kysely<Database>, p: Principal, q: DiaryFilters) {
  const rows = await db
    .selectFrom('appointments')
    .innerJoin('requirements', 'requirements.id', 'appointments.requirement_id')
    .select([
      'appointments.requirement_id',
      'appointments.order_id',
      'requirements.type',
      'appointments.data',
    ])
    .where(requirementVisibleTo(p))
    .where('appointments.start_at', '>=', new Date(q.from))
    .where('appointments.start_at', '<', new Date(q.to))
    .where('appointments.status', 'in', ['SCHEDULED', 'OUTCOME_RECORDED'])
    .orderBy('appointments.start_at')
    .orderBy('appointments.id')
    .limit(q.limit)
    .execute();
  return {
    value: {
      items: rows.map((r) => ({
        requirementId: r.requirement_id,
        orderId: r.order_id,
        requirementType: RequirementType.parse(r.type),
        appointment: discloseAppointment(p.role, r.data as Appointment),
      })),
    },
    // One access-log row for each requirement whose appointments it showed.
    accessed: [...new Map(rows.map((r) => [r.requirement_id, r.order_id]))].map(([requirementId, orderId]) =>
      readOf('requirement', requirementId, orderId),
    ),
  };
}
