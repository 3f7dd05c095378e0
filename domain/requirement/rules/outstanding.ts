import { type Instant, endOfLondonDay, instantMs, type LocalDate } from '../../calendar';
import type { Withdrawn } from '../events/shape';
import type { ImposedRequirement } from '../state';

/** Appointments, tests and reviews still to happen: what an ending withdraws (APPW). */
export function outstanding(s: ImposedRequirement): Withdrawn {
  return {
    appointmentIds: [...s.scheduledIds],
    testIds: Object.values(s.drugTests)
      .filter((t) => t.status === 'DIRECTED')
      .map((t) => t.id),
    reviewIds: Object.values(s.reviews)
      .filter((r) => r.status === 'SCHEDULED')
      .map((r) => r.id),
  };
}

/** What falls after a new last day of the requirement. */
export function outstandingAfter(s: ImposedRequirement, lastDay: LocalDate): Withdrawn {
  const endsAt: Instant = endOfLondonDay(lastDay);
  const after = (instant: Instant) => instantMs(instant) >= instantMs(endsAt);
  return {
    appointmentIds: s.scheduledIds.filter((id) => after(s.appointments[id]!.start)),
    testIds: Object.values(s.drugTests)
      .filter((t) => t.status === 'DIRECTED' && after(t.dueAt))
      .map((t) => t.id),
    reviewIds: Object.values(s.reviews)
      .filter((r) => r.status === 'SCHEDULED' && r.date > lastDay)
      .map((r) => r.id),
  };
}
