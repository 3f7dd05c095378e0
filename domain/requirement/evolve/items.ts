import type { RequirementEvent } from '../events';
import type { Withdrawn } from '../events/shape';
import type { Appointment, DrugTest, ImposedRequirement, Review } from '../state';

const NOT_OBTAINED_OUTCOME = {
  COLLECTED: null,
  REFUSED: 'REFUSED',
  NOT_PROVIDED: 'NOT_PROVIDED',
  DID_NOT_ATTEND: 'NOT_PROVIDED',
  TAMPERED: 'INVALID',
} as const;

/**
 * The maps a fold in progress has made (foldingInPlace): it sets their items in place rather than copying a
 * whole map again for each event, as nothing outside the fold sees its intermediate states. Null otherwise.
 */
let madeByFold: WeakSet<object> | null = null;

/** Runs a fold whose maps are copied once, when it first changes them, rather than once per event. */
export function foldingInPlace<S>(fold: () => S): S {
  const outer = madeByFold;
  madeByFold = outer ?? new WeakSet();
  try {
    return fold();
  } finally {
    madeByFold = outer;
  }
}

/**
 * An empty object in V8's dictionary mode (deleting a property other than the last puts an object there):
 * each id set on it then goes into its hash table, where an object literal would take a new hidden class for
 * each of its first dozen ids, none shared with another map (ids are unique). Otherwise a plain object.
 */
function emptyMap<T>(): Record<string, T> {
  const map: Record<string, unknown> = { dictionary: 0, mode: 0 };
  delete map.dictionary;
  delete map.mode;
  return map as Record<string, T>;
}

/** `items` with `item` at `id`: a new map, or, inside a fold, the fold's own map changed in place. */
export function withItem<T>(items: Record<string, T>, id: string, item: T): Record<string, T> {
  if (madeByFold === null) return { ...items, [id]: item };
  if (madeByFold.has(items)) {
    items[id] = item;
    return items;
  }
  const made = emptyMap<T>();
  for (const key in items) made[key] = items[key]!;
  made[id] = item;
  madeByFold.add(made);
  return made;
}

/** `items` with the item at `id` changed, if there is one. `change` spells out the fields it sets, which V8
 * copies a good deal faster than a second object spread over the first. */
function patch<T>(items: Record<string, T>, id: string, change: (item: T) => T): Record<string, T> {
  const item = items[id];
  return item === undefined ? items : withItem(items, id, change(item));
}

function withdraw(s: ImposedRequirement, w: Withdrawn): ImposedRequirement {
  let next = s;
  for (const id of w.appointmentIds)
    next = patchAppointment(next, id, (a) => ({ ...a, status: 'WITHDRAWN', outcome: 'WITHDRAWN' }));
  let { drugTests, reviews } = next;
  for (const id of w.testIds) drugTests = patch(drugTests, id, (t) => ({ ...t, status: 'WITHDRAWN' }));
  for (const id of w.reviewIds) reviews = patch(reviews, id, (r) => ({ ...r, status: 'WITHDRAWN' }));
  return drugTests === next.drugTests && reviews === next.reviews ? next : { ...next, drugTests, reviews };
}

/** The ids of the SCHEDULED appointments, in the map's order: what `scheduledIds` holds, worked out whole. */
export function scheduledIdsOf(appointments: ImposedRequirement['appointments']): string[] {
  const ids: string[] = [];
  for (const id in appointments) if (appointments[id]!.status === 'SCHEDULED') ids.push(id);
  return ids;
}

/** `ids` with `id` last: a new array, or, inside a fold, the fold's own array changed in place (as withItem). */
function withIndexed(ids: string[], id: string): string[] {
  if (madeByFold?.has(ids)) {
    ids.push(id);
    return ids;
  }
  const made = [...ids, id];
  madeByFold?.add(made);
  return made;
}

/** `ids` without the one at `at`, likewise. */
function withoutIndexed(ids: string[], at: number): string[] {
  if (madeByFold?.has(ids)) {
    ids.splice(at, 1);
    return ids;
  }
  const made = ids.filter((_, n) => n !== at);
  madeByFold?.add(made);
  return made;
}

/**
 * The state with `appointment` set, and its index of scheduled appointments kept: a new id goes last, as it
 * does in the map (ids are UUIDs, never integer-like keys, which objects order first). An id booked again
 * keeps its place in the map, so the index is worked out whole then (no decision books a known id).
 */
function withAppointment(s: ImposedRequirement, appointment: Appointment): ImposedRequirement {
  const { id } = appointment;
  const known = s.appointments[id] !== undefined;
  const appointments = withItem(s.appointments, id, appointment);
  const at = s.scheduledIds.indexOf(id);
  let scheduledIds = s.scheduledIds;
  if (appointment.status === 'SCHEDULED' && at < 0)
    scheduledIds = known ? scheduledIdsOf(appointments) : withIndexed(scheduledIds, id);
  else if (appointment.status !== 'SCHEDULED' && at >= 0) scheduledIds = withoutIndexed(scheduledIds, at);
  return appointments === s.appointments && scheduledIds === s.scheduledIds
    ? s
    : { ...s, appointments, scheduledIds };
}

function patchAppointment(
  s: ImposedRequirement,
  id: string,
  change: (a: Appointment) => Appointment,
): ImposedRequirement {
  const appointment = s.appointments[id];
  return appointment === undefined ? s : withAppointment(s, change(appointment));
}

// The state with one map changed: the same state when the map is the same object (a fold changes its own maps
// in place, so each event need not copy the whole state as well).
function withDrugTests(s: ImposedRequirement, drugTests: ImposedRequirement['drugTests']) {
  return drugTests === s.drugTests ? s : { ...s, drugTests };
}

function withReviews(
  s: ImposedRequirement,
  reviews: ImposedRequirement['reviews'],
  reviewMode = s.reviewMode,
): ImposedRequirement {
  return reviews === s.reviews && reviewMode === s.reviewMode ? s : { ...s, reviews, reviewMode };
}

/** Appointments, drug tests, reviews and incidents: the parts of the requirement that have ids. */
export function evolveItems(s: ImposedRequirement, e: RequirementEvent): ImposedRequirement {
  switch (e.type) {
    case 'AppointmentBooked': {
      const appointment: Appointment = {
        id: e.appointmentId,
        start: e.start,
        durationMinutes: e.durationMinutes,
        kind: e.kind,
        deliveryMode: e.deliveryMode,
        enforceable: e.enforceable,
        status: 'SCHEDULED',
        outcome: null,
        rescheduledFrom: e.rescheduledFrom,
        rescheduledTo: null,
        incidentId: null,
        notes: null,
      };
      return withAppointment(s, appointment);
    }
    case 'AppointmentRescheduled':
      return patchAppointment(s, e.appointmentId, (a) => ({
        ...a,
        status: 'SUPERSEDED',
        outcome: e.outcome,
        rescheduledTo: e.newAppointmentId,
      }));
    case 'OutcomeRecorded':
      return patchAppointment(s, e.appointmentId, (a) => ({
        ...a,
        status: 'OUTCOME_RECORDED',
        outcome: e.outcome,
        notes: e.notes,
      }));
    case 'IncidentRaised': {
      const incidents = withItem(s.incidents, e.incidentId, {
        id: e.incidentId,
        source: e.source,
        subjectId: e.subjectId,
        occurredAt: e.occurredAt,
        evidenceWindowEndsOn: e.evidenceWindowEndsOn,
        decision: null,
      });
      const { incidentId, subjectId } = e;
      const appointments = patch(s.appointments, subjectId, (a) => ({ ...a, incidentId }));
      const drugTests = patch(s.drugTests, subjectId, (t) => ({ ...t, incidentId }));
      const reviews = patch(s.reviews, subjectId, (r) => ({ ...r, incidentId }));
      return incidents === s.incidents &&
        appointments === s.appointments &&
        drugTests === s.drugTests &&
        reviews === s.reviews
        ? s
        : { ...s, incidents, appointments, drugTests, reviews };
    }
    case 'IncidentDecided': {
      const incidents = patch(s.incidents, e.incidentId, (i) => ({ ...i, decision: e.decision }));
      return incidents === s.incidents ? s : { ...s, incidents };
    }
    case 'TestDirected': {
      const test: DrugTest = {
        id: e.testId,
        dueAt: e.dueAt,
        directedBy: e.directedBy,
        status: 'DIRECTED',
        sampleStatus: null,
        sampleType: null,
        method: null,
        sampleRecordedAt: null,
        substances: [],
        outcome: null,
        explanation: null,
        resultAt: null,
        resultKnownToResponsibleOfficer: false,
        incidentId: null,
      };
      return withDrugTests(s, withItem(s.drugTests, e.testId, test));
    }
    case 'SampleRecorded':
      return withDrugTests(
        s,
        patch(s.drugTests, e.testId, (t) => ({
          ...t,
          status: e.status === 'COLLECTED' ? 'COLLECTED' : 'NOT_OBTAINED',
          outcome: NOT_OBTAINED_OUTCOME[e.status],
          sampleStatus: e.status,
          sampleType: e.sampleType,
          method: e.method,
          sampleRecordedAt: e.at,
        })),
      );
    case 'TestResultRecorded':
      return withDrugTests(
        s,
        patch(s.drugTests, e.testId, (t) => ({
          ...t,
          status: 'RESULTED',
          substances: e.substances,
          explanation: e.explanation,
          outcome: e.outcome,
          resultAt: e.at,
          resultKnownToResponsibleOfficer: e.recordedByResponsibleOfficer,
        })),
      );
    case 'ResultCommunicatedToResponsibleOfficer':
      return withDrugTests(
        s,
        patch(s.drugTests, e.testId, (t) => ({ ...t, resultKnownToResponsibleOfficer: true })),
      );
    case 'ReviewScheduled': {
      const review: Review = {
        id: e.reviewId,
        date: e.date,
        mode: e.mode,
        offenderMustAttend: e.offenderMustAttend,
        status: 'SCHEDULED',
        providerViews: null,
        report: null,
        outcome: null,
        attended: null,
        incidentId: null,
      };
      return withReviews(s, withItem(s.reviews, e.reviewId, review), e.mode);
    }
    case 'ProviderViewsSubmitted':
      return withReviews(
        s,
        patch(s.reviews, e.reviewId, (r) => ({ ...r, providerViews: e.views })),
      );
    case 'ReviewReportSubmitted': {
      const { progress, recommendation, providerViews, testResults, at } = e;
      const report = { progress, recommendation, providerViews, testResults, submittedAt: at };
      return withReviews(
        s,
        patch(s.reviews, e.reviewId, (r) => ({ ...r, report })),
      );
    }
    case 'ReviewHeld':
      return withReviews(
        s,
        patch(s.reviews, e.reviewId, (r) => ({
          ...r,
          status: 'HELD',
          outcome: e.outcome,
          attended: e.attended,
        })),
        e.nextMode,
      );
    case 'ReviewAdjourned':
      return withReviews(
        s,
        patch(s.reviews, e.reviewId, (r) => ({ ...r, date: e.date })),
      );
    case 'OrderEndDateChanged':
    case 'TermsReplaced':
    case 'RequirementEnded':
      return withdraw(s, e.withdrawn);
    default:
      return s;
  }
}
