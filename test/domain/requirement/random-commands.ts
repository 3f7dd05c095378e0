import { addDays, type Instant, londonDate } from '../../../domain/calendar';
import type { ImposedRequirement } from '../../../domain/requirement/state';
import { idNumber } from './harness';
import type { Intent } from './random-plans';

type Next = { command: Record<string, unknown>; now: Instant };
type Make = (command: Record<string, unknown>, at?: Instant) => Next;

const hoursAfter = (now: Instant, hours: number) =>
  new Date(Date.parse(now) + hours * 3_600_000).toISOString();
const pick = <T>(items: T[], n: number): T | undefined => items[n % Math.max(items.length, 1)];
const later = (when: Instant, now: Instant) => (Date.parse(when) > Date.parse(now) ? when : now);

function setUp(s: ImposedRequirement, i: Intent, c: Make): Next | null {
  if (s.status === 'AWAITING_REFERRAL') return c({ type: 'ReferToProvider', providerOrgId: 'p' });
  if (s.status === 'REFERRED' && s.imposition.type === 'MHTR' && i.a % 2)
    return c({ type: 'AllocatePractitioner', name: 'A', role: 'ASSISTANT_PSYCHOLOGIST' });
  if (s.status === 'REFERRED' && s.referralAcceptedAt === null)
    return c({ type: 'RecordAcceptance', accepted: i.a % 6 !== 0 });
  return null;
}

function appointmentStep(s: ImposedRequirement, i: Intent, now: Instant, fresh: () => string, c: Make): Next {
  const appointment = pick(
    Object.values(s.appointments).filter((x) => x.status === 'SCHEDULED'),
    i.a,
  );
  if (!appointment || i.kind % 3 === 0) {
    const start = hoursAfter(now, 1 + (i.a % 300));
    const enforceable = i.b % 3 !== 0;
    return c({
      type: 'BookAppointment',
      appointmentId: fresh(),
      start,
      durationMinutes: 30 + (i.b % 60),
      kind: 'ONE_TO_ONE',
      deliveryMode: 'PHONE',
      enforceable,
    });
  }
  if (i.kind % 3 === 1) {
    const requestedBy = i.b % 2 ? 'SERVICE' : 'PERSON';
    return c({
      type: 'RescheduleAppointment',
      appointmentId: appointment.id,
      newAppointmentId: fresh(),
      start: hoursAfter(now, 2 + (i.b % 200)),
      requestedBy,
      reason: 'r',
    });
  }
  const attended = (['YES', 'LATE', 'NO'] as const)[i.b % 3]!;
  const facts = {
    sessionHappened: attended !== 'NO' && i.a % 5 !== 0,
    attended,
    behaviourConcern: i.a % 7 === 0,
    ...(i.a % 11 === 0 ? { noSessionReason: 'LOGISTICS' } : {}),
  };
  return c(
    { type: 'RecordOutcome', appointmentId: appointment.id, ...facts },
    i.b % 2 ? later(appointment.start, now) : now,
  );
}

/** A test moves on through its steps: directed, sampled, resulted. */
function testStep(s: ImposedRequirement, i: Intent, now: Instant, fresh: () => string, c: Make): Next {
  const tests = Object.values(s.drugTests);
  const collected = pick(
    tests.filter((t) => t.status === 'COLLECTED' || (t.status === 'RESULTED' && t.outcome === null)),
    i.a,
  );
  const directed = pick(
    tests.filter((t) => t.status === 'DIRECTED'),
    i.a,
  );
  if (collected && i.b % 2 === 0) {
    const result = (['POSITIVE', 'NEGATIVE', 'POSITIVE_PRESCRIBED', 'PENDING', 'INCONCLUSIVE'] as const)[
      i.a % 5
    ]!;
    const substances = [
      { substance: 'COCAINE', result },
      { substance: 'OPIATES', result: 'POSITIVE' },
    ];
    return c({
      type: 'RecordTestResult',
      testId: collected.id,
      substances,
      recordedByRole: i.a % 2 ? 'provider' : 'probation',
    });
  }
  if (directed && i.b % 3 !== 2) {
    const status = (
      [
        'COLLECTED',
        'COLLECTED',
        'COLLECTED',
        'REFUSED',
        'NOT_PROVIDED',
        'DID_NOT_ATTEND',
        'TAMPERED',
      ] as const
    )[i.a % 7]!;
    const sample =
      status === 'COLLECTED'
        ? { sampleType: 'URINE', method: i.a % 2 ? 'LAB_SCREEN' : 'POINT_OF_CARE_SCREEN' }
        : {};
    const at = status === 'DID_NOT_ATTEND' ? later(directed.dueAt, now) : now;
    return c({ type: 'RecordSample', testId: directed.id, status, ...sample }, at);
  }
  return c({
    type: 'DirectDrugTest',
    testId: fresh(),
    dueAt: hoursAfter(now, i.a % 96),
    directedBy: 'RESPONSIBLE_OFFICER',
  });
}

const REVIEW_OUTCOMES = [
  'CONTINUE',
  'MOVE_TO_REVIEW_WITHOUT_HEARING',
  'REQUIRE_ATTENDANCE_AT_HEARING',
  'ADJOURNED',
  'OFFENDER_DID_NOT_ATTEND',
  'AMEND_REQUIREMENT',
  'REVOKE_AND_RESENTENCE',
];

/** A review moves on through its steps: the provider's views, the RO's report, then the court. */
function reviewStep(s: ImposedRequirement, i: Intent, now: Instant, fresh: () => string, c: Make): Next {
  const review = pick(
    Object.values(s.reviews).filter((r) => r.status === 'SCHEDULED'),
    i.a,
  );
  if (review && review.providerViews === null && i.b % 8 !== 0)
    return c({ type: 'SubmitProviderViews', reviewId: review.id, views: 'v' });
  if (review && review.report === null && i.b % 8 !== 1)
    return c({
      type: 'SubmitReviewReport',
      reviewId: review.id,
      progress: i.b % 3 ? 'SATISFACTORY' : 'UNSATISFACTORY',
      recommendation: 'r',
    });
  const outcome = REVIEW_OUTCOMES[i.b % (i.b % 13 === 0 ? 7 : 6)]!;
  const at = review ? later(`${review.date}T10:00:00.000Z`, now) : now;
  const next = review && i.a % 3 === 0 ? { nextReviewDate: addDays(review.date, 7 + (i.a % 60)) } : {};
  const attended = outcome !== 'OFFENDER_DID_NOT_ATTEND' && i.a % 4 !== 0;
  return c({ type: 'RecordReviewOutcome', reviewId: review?.id ?? fresh(), outcome, attended, ...next }, at);
}

function orderMessage(s: ImposedRequirement, i: Intent, today: string, c: Make): Next {
  const message = (m: Record<string, unknown>) => c({ type: 'ApplyOrderMessage', message: m });
  const incident = pick(
    Object.values(s.incidents).filter((x) => x.decision === null),
    i.a,
  );
  if (i.kind % 4 === 0 || (incident && i.kind % 4 === 1))
    return message({
      kind: 'IncidentDecided',
      incidentId: incident?.id ?? idNumber(1),
      subjectId: incident?.subjectId ?? 'x',
      decision: i.b % 2 ? 'ACCEPTABLE' : 'UNACCEPTABLE',
    });
  if (i.kind % 4 === 1)
    return message({
      kind: 'OrderEndDateChanged',
      orderEndDate: addDays(s.imposition.orderEndDate, (i.a % 2 ? 1 : -1) * (i.b % 60)),
    });
  if (i.kind % 4 === 2) {
    const newPeriodEnd = addDays(s.imposition.periods.at(-1)!.end, 1 + (i.a % 90));
    return message({
      kind: 'RequirementAmended',
      change: i.b % 5 === 0 ? 'CANCEL' : 'EXTEND_PERIOD',
      effectiveOn: today,
      newPeriodEnd,
    });
  }
  return i.a % 3 === 0
    ? message({ kind: 'OrderEnded', endedOn: today, reason: 'COMPLETED_END_DATE' })
    : message({ kind: 'OrderEndDateChanged', orderEndDate: s.imposition.orderEndDate });
}

/** A plausible command for the current state (it may still be refused: that is part of what is tested). */
export function commandFor(s: ImposedRequirement, i: Intent, now: Instant, fresh: () => string): Next {
  const c: Make = (command, at = now) => ({
    command: { requirementId: s.imposition.requirementId, ...command },
    now: at,
  });
  const today = londonDate(now);
  const early = i.b % 4 !== 0 ? setUp(s, i, c) : null;
  if (early) return early;
  switch (i.kind % 14) {
    case 0:
    case 1:
    case 2:
      return appointmentStep(s, i, now, fresh, c);
    case 3:
    case 4:
      return testStep(s, i, now, fresh, c);
    case 5:
    case 6:
    case 12:
    case 13:
      return reviewStep(s, i, now, fresh, c);
    case 7:
      return c({
        type: 'SubmitPractitionerReport',
        opinion: i.a % 2 ? 'NO_FURTHER_TREATMENT' : 'CONTINUE_BEYOND_PERIOD',
        narrative: 'n',
      });
    case 8:
      return i.a % 2
        ? c({ type: 'RecordApplicationToCourt', appliedOn: today })
        : c({ type: 'RecordApplicationRefused' });
    case 9:
      return i.a % 2
        ? c({ type: 'RecordClinicalCompletion' })
        : c(
            s.admittedOn === null
              ? { type: 'RecordAdmission', admittedOn: today }
              : { type: 'RecordDischarge', dischargedOn: today },
          );
    default:
      return orderMessage(s, i, today, c);
  }
}
