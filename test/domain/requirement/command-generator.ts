import { fc } from '@fast-check/vitest';
import { addDays, addMonths, type Instant, londonDate } from '../../../domain/calendar';
import type { RequirementImposition } from '../../../domain/links';
import type { ImposedRequirement } from '../../../domain/requirement/state';
import { atrImposition, drrImposition, mhtrImposition } from './fixtures';
import { idNumber } from './harness';

/** One step of a random run: what to try, two free choices, and how far the clock moves first. */
export interface Intent {
  kind: number;
  a: number;
  b: number;
  advanceHours: number;
  tick: boolean;
}

export const intents = fc.array(
  fc.record({
    kind: fc.nat({ max: 40 }),
    a: fc.nat({ max: 10_000 }),
    b: fc.nat({ max: 10_000 }),
    advanceHours: fc.integer({ min: 0, max: 24 * 12 }),
    tick: fc.boolean(),
  }),
  { minLength: 10, maxLength: 70 },
);

export const impositions: fc.Arbitrary<RequirementImposition> = fc
  .record({
    type: fc.constantFrom('DRR', 'DRR-reviewed', 'DRR-reviewed', 'ATR', 'MHTR'),
    months: fc.integer({ min: 1, max: 23 }),
    mode: fc.nat(),
  })
  .map(({ type, months, mode }) => {
    const periods = [{ start: '2026-02-02', end: addDays(addMonths('2026-02-02', months), -1) }];
    if (type === 'ATR')
      return atrImposition({ periods, mode: mode % 2 ? 'RESIDENT' : 'PRACTITIONER_BASED', place: 'Unit 1' });
    if (type === 'MHTR')
      return mhtrImposition({
        periods,
        mode: mode % 2 ? 'IN_PATIENT' : 'PRACTITIONER_BASED',
        place: 'Maudsley',
      });
    const review = {
      firstReviewDate: addMonths('2026-02-02', 1 + (mode % 2)),
      intervalMonths: 1 + (mode % 3),
      mode: 'HEARING',
      offenderMustAttend: true,
    } as const;
    return type === 'DRR-reviewed' || months > 12
      ? drrImposition({ periods, review: review.firstReviewDate <= periods[0]!.end ? review : undefined })
      : drrImposition({ periods });
  })
  .filter(
    (i) => i.type !== 'DRR' || i.review !== undefined || i.periods[0]!.end <= addMonths('2026-02-02', 12),
  );

const hoursAfter = (now: Instant, hours: number) =>
  new Date(Date.parse(now) + hours * 3_600_000).toISOString();
const pick = <T>(items: T[], n: number): T | undefined => items[n % Math.max(items.length, 1)];

/** A plausible command for the current state (it may still be refused: that is part of what is tested). */
export function commandFor(
  s: ImposedRequirement,
  i: Intent,
  now: Instant,
  fresh: () => string,
): { command: Record<string, unknown>; now: Instant } {
  const appointments = Object.values(s.appointments).filter((x) => x.status === 'SCHEDULED');
  const tests = Object.values(s.drugTests);
  const reviews = Object.values(s.reviews).filter((r) => r.status === 'SCHEDULED');
  const today = londonDate(now);
  const base = { requirementId: s.imposition.requirementId };
  const c = (command: Record<string, unknown>, at = now) => ({ command: { ...base, ...command }, now: at });
  const appointment = pick(appointments, i.a);
  const review = pick(reviews, i.a);
  // Most steps move a requirement that is still being set up towards treatment.
  if (i.b % 4 !== 0) {
    if (s.status === 'AWAITING_REFERRAL') return c({ type: 'ReferToProvider', providerOrgId: 'p' });
    if (s.status === 'REFERRED' && s.imposition.type === 'MHTR' && i.a % 2)
      return c({ type: 'AllocatePractitioner', name: 'A', role: 'ASSISTANT_PSYCHOLOGIST' });
    if (s.status === 'REFERRED' && s.referralAcceptedAt === null)
      return c({ type: 'RecordAcceptance', accepted: i.a % 6 !== 0 });
  }
  switch (i.kind % 21) {
    case 0:
      return c({ type: 'ReferToProvider', providerOrgId: 'p' });
    case 1:
      return c({ type: 'RecordAcceptance', accepted: i.a % 4 !== 0 });
    case 2:
      return c({ type: 'AllocatePractitioner', name: 'A', role: 'ASSISTANT_PSYCHOLOGIST' });
    case 3:
      return c({
        type: 'BookAppointment',
        appointmentId: fresh(),
        start: hoursAfter(now, 1 + (i.a % 300)),
        durationMinutes: 30 + (i.b % 60),
        kind: 'ONE_TO_ONE',
        deliveryMode: 'PHONE',
        enforceable: i.b % 3 !== 0,
      });
    case 4:
      return c({
        type: 'RescheduleAppointment',
        appointmentId: appointment?.id ?? fresh(),
        newAppointmentId: fresh(),
        start: hoursAfter(now, 2 + (i.b % 200)),
        requestedBy: i.b % 2 ? 'SERVICE' : 'PERSON',
        reason: 'r',
      });
    case 5: {
      const at =
        appointment && Date.parse(appointment.start) > Date.parse(now) && i.b % 2 ? appointment.start : now;
      const attended = (['YES', 'LATE', 'NO'] as const)[i.b % 3]!;
      const facts = {
        sessionHappened: attended !== 'NO' && i.a % 5 !== 0,
        attended,
        behaviourConcern: i.a % 7 === 0,
        noSessionReason: i.a % 11 === 0 ? 'LOGISTICS' : undefined,
      };
      return c({ type: 'RecordOutcome', appointmentId: appointment?.id ?? fresh(), ...facts }, at);
    }
    case 6:
    case 7:
    case 8: {
      // A test moves on through its steps: directed, sampled, resulted.
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
        return c({
          type: 'RecordTestResult',
          testId: collected.id,
          substances: [
            { substance: 'COCAINE', result },
            { substance: 'OPIATES', result: 'POSITIVE' },
          ],
          recordedByRole: i.a % 2 ? 'provider' : 'probation',
        });
      }
      if (directed && i.b % 3 !== 2) {
        const status = (
          ['COLLECTED', 'COLLECTED', 'REFUSED', 'NOT_PROVIDED', 'DID_NOT_ATTEND', 'TAMPERED'] as const
        )[i.a % 6]!;
        const at =
          status === 'DID_NOT_ATTEND' && Date.parse(directed.dueAt) > Date.parse(now) ? directed.dueAt : now;
        return c(
          {
            type: 'RecordSample',
            testId: directed.id,
            status,
            ...(status === 'COLLECTED'
              ? { sampleType: 'URINE', method: i.a % 2 ? 'LAB_SCREEN' : 'POINT_OF_CARE_SCREEN' }
              : {}),
          },
          at,
        );
      }
      return c({
        type: 'DirectDrugTest',
        testId: fresh(),
        dueAt: hoursAfter(now, i.a % 96),
        directedBy: 'RESPONSIBLE_OFFICER',
      });
    }
    case 9:
      return c({
        type: 'SubmitPractitionerReport',
        opinion: i.a % 2 ? 'NO_FURTHER_TREATMENT' : 'CONTINUE_BEYOND_PERIOD',
        narrative: 'n',
      });
    case 10:
      return c({ type: 'RecordApplicationToCourt', appliedOn: today });
    case 11:
      return c({ type: 'RecordApplicationRefused' });
    case 12:
    case 13:
    case 14: {
      // A review moves on through its steps: the provider's views, the RO's report, then the court.
      if (review && review.providerViews === null && i.b % 8 !== 0)
        return c({ type: 'SubmitProviderViews', reviewId: review.id, views: 'v' });
      if (review && review.report === null && i.b % 8 !== 1)
        return c({
          type: 'SubmitReviewReport',
          reviewId: review.id,
          progress: i.b % 3 ? 'SATISFACTORY' : 'UNSATISFACTORY',
          recommendation: 'r',
        });
      const outcomes = [
        'CONTINUE',
        'MOVE_TO_REVIEW_WITHOUT_HEARING',
        'REQUIRE_ATTENDANCE_AT_HEARING',
        'ADJOURNED',
        'OFFENDER_DID_NOT_ATTEND',
        'AMEND_REQUIREMENT',
        'REVOKE_AND_RESENTENCE',
      ];
      const outcome = outcomes[i.b % (i.b % 13 === 0 ? 7 : 6)]!;
      const at = review && review.date > today ? `${review.date}T10:00:00.000Z` : now;
      const next = review && i.a % 3 === 0 ? { nextReviewDate: addDays(review.date, 7 + (i.a % 60)) } : {};
      return c(
        {
          type: 'RecordReviewOutcome',
          reviewId: review?.id ?? fresh(),
          outcome,
          attended: outcome !== 'OFFENDER_DID_NOT_ATTEND' && i.a % 4 !== 0,
          ...next,
        },
        at,
      );
    }
    case 15:
      return c({ type: 'RecordClinicalCompletion' });
    case 16:
      return s.admittedOn === null
        ? c({ type: 'RecordAdmission', admittedOn: today })
        : c({ type: 'RecordDischarge', dischargedOn: today });
    case 17: {
      const incident = pick(
        Object.values(s.incidents).filter((x) => x.decision === null),
        i.a,
      );
      const decision = i.b % 2 ? 'ACCEPTABLE' : 'UNACCEPTABLE';
      return c({
        type: 'ApplyOrderMessage',
        message: {
          kind: 'IncidentDecided',
          incidentId: incident?.id ?? idNumber(1),
          subjectId: incident?.subjectId ?? 'x',
          decision,
        },
      });
    }
    case 18: {
      const orderEndDate = addDays(s.imposition.orderEndDate, (i.a % 2 ? 1 : -1) * (i.b % 60));
      return c({ type: 'ApplyOrderMessage', message: { kind: 'OrderEndDateChanged', orderEndDate } });
    }
    case 19: {
      const last = s.imposition.periods.at(-1)!.end;
      const change = i.b % 5 === 0 ? 'CANCEL' : 'EXTEND_PERIOD';
      return c({
        type: 'ApplyOrderMessage',
        message: {
          kind: 'RequirementAmended',
          change,
          effectiveOn: today,
          newPeriodEnd: addDays(last, 1 + (i.a % 90)),
        },
      });
    }
    default:
      return i.a % 4 === 0
        ? c({
            type: 'ApplyOrderMessage',
            message: { kind: 'OrderEnded', endedOn: today, reason: 'COMPLETED_END_DATE' },
          })
        : c(
            {
              type: 'RecordOutcome',
              appointmentId: appointments[0]?.id ?? fresh(),
              sessionHappened: false,
              attended: 'NO',
            },
            appointments[0] && Date.parse(appointments[0].start) > Date.parse(now)
              ? appointments[0].start
              : now,
          );
  }
}
