import { z } from 'zod';
import { DeadlineKind } from '../../domain/deadlines';
import {
  AppointmentKind,
  AttendanceOutcome,
  DeliveryMode,
  IncidentDecision,
  IncidentSource,
  MhtrCareLevel,
  PractitionerOpinion,
  RequirementEnd,
  RequirementMode,
  RequirementType,
  ReviewMode,
  ReviewOutcome,
  SampleStatus,
  SampleType,
  Substance,
  SubstanceResult,
  TestDirectedBy,
  TestMethod,
  TestOutcome,
} from '../../domain/enums';
import { Role } from '../../domain/primitives';
import { Absence, Period, count, date, disclosed, flag, id, instant, text } from './fields';
import { ProposedRequirementView } from './order-view';

/** What an appointment, test or hearing that can be missed carries about it. */
const missable = {
  incidentId: id('The compliance incident it raised.').nullable(),
  absence: Absence,
};

export const AppointmentView = disclosed({
  id: id('The appointment.'),
  start: instant('When it starts'),
  durationMinutes: count('How long, minutes.'),
  kind: AppointmentKind.describe('What kind of session.'),
  deliveryMode: DeliveryMode.describe('In person, by phone or by video.'),
  enforceable: flag('Whether missing it can be enforced.'),
  status: z.enum(['SCHEDULED', 'OUTCOME_RECORDED', 'SUPERSEDED', 'WITHDRAWN']).describe('Where it stands.'),
  outcome: AttendanceOutcome.nullable().describe(
    'The attendance outcome, in nDelius terms; null until recorded.',
  ),
  rescheduledFrom: id('The appointment this one replaced.').nullable(),
  rescheduledTo: id('The appointment that replaced this one.').nullable(),
  notes: text('The practitioner’s notes.').nullable(),
  attended: flag('Whether the person attended.'),
  ...missable,
}).describe('A treatment appointment.');

export const DrugTestView = z
  .strictObject({
    id: id('The test.'),
    dueAt: instant('When the sample is due'),
    directedBy: TestDirectedBy.describe('Who directed the test.'),
    status: z
      .enum(['DIRECTED', 'COLLECTED', 'NOT_OBTAINED', 'RESULTED', 'WITHDRAWN'])
      .describe('Where it stands.'),
    sampleStatus: SampleStatus.nullable().describe('What happened to the sample; null until recorded.'),
    sampleType: SampleType.nullable().describe('The kind of sample.'),
    method: TestMethod.nullable().describe('How it is tested.'),
    sampleRecordedAt: instant('When the sample was recorded').nullable(),
    substances: z
      .array(
        z.strictObject({
          substance: Substance.describe('The substance.'),
          result: SubstanceResult.describe('The result for it.'),
        }),
      )
      .describe('The result per substance.'),
    outcome: TestOutcome.nullable().describe('The test’s outcome; null until resulted.'),
    explanation: text('The person’s explanation of a positive result.').nullable(),
    resultAt: instant('When the result was recorded').nullable(),
    resultKnownToResponsibleOfficer: flag('Whether the result has reached the responsible officer.'),
    ...missable,
  })
  .describe('A drug test (DRR).');

const ReviewView = z
  .strictObject({
    id: id('The review.'),
    date: date('The review date'),
    mode: ReviewMode.describe('With or without a hearing.'),
    offenderMustAttend: flag('Whether the person must attend.'),
    status: z.enum(['SCHEDULED', 'HELD', 'WITHDRAWN']).describe('Where it stands.'),
    providerViews: text('The provider’s views for the review.').nullable(),
    report: z
      .strictObject({
        progress: z.enum(['SATISFACTORY', 'UNSATISFACTORY']).describe('The person’s progress.'),
        recommendation: text('The responsible officer’s recommendation.'),
        providerViews: text('The provider’s views, as reported.'),
        testResults: z
          .array(
            z.strictObject({
              testId: id('The test.'),
              outcome: TestOutcome.nullable().describe('Its outcome.'),
            }),
          )
          .describe('The tests resulted since the previous review, as they stood when reported.'),
        submittedAt: instant('When the report was submitted'),
      })
      .nullable()
      .describe('The responsible officer’s written report; null until submitted.'),
    outcome: ReviewOutcome.nullable().describe('The court’s decision; null until held.'),
    attended: flag('Whether the person attended.').nullable(),
    ...missable,
  })
  .describe('A DRR review.');

const IncidentView = z
  .strictObject({
    id: id('The incident.'),
    source: IncidentSource.describe('What happened.'),
    subjectId: text('The appointment, test or review it arose from.'),
    occurredAt: instant('When it happened'),
    evidenceWindowEndsOn: date('The day the person’s window to evidence a reasonable excuse closes'),
    decision: IncidentDecision.nullable().describe('The responsible officer’s decision; null until decided.'),
  })
  .describe('A compliance incident under this requirement.');

const Terms = z
  .strictObject({
    treatmentDirector: text('Who directs treatment.').nullable(),
    place: text('Where treatment is given.').nullable(),
    intervals: text('The intervals at which treatment is given.').nullable(),
    practitioner: text('MHTR: the kind of practitioner.').nullable(),
    careLevel: MhtrCareLevel.nullable().describe('MHTR: primary or secondary care.'),
    review: z
      .strictObject({
        firstReviewDate: date('The first review'),
        intervalMonths: count('Months between reviews.'),
        mode: ReviewMode.describe('With or without a hearing.'),
        offenderMustAttend: flag('Whether the person must attend.'),
      })
      .nullable()
      .describe('DRR: the review provision; null if none.'),
  })
  .describe('The terms the court fixed.');

const Progress = z
  .strictObject({
    enforceableAppointmentsWithOutcome: count('Enforceable appointments with an outcome.'),
    attended: count('Of those, attended.'),
    failedToAttend: count('Of those, missed.'),
    acceptableAbsences: count('Missed and judged acceptable.'),
    unacceptableAbsences: count('Missed and judged unacceptable.'),
    incidentsPendingDecision: count('Incidents awaiting the responsible officer’s decision.'),
    attendanceRate: z
      .number()
      .nullable()
      .describe('Attended ÷ (attended + absences not judged acceptable); null with nothing to count.'),
    sessionsAttended: count('Sessions attended, enforceable or not.'),
    testsByOutcome: z
      .partialRecord(TestOutcome, count('Tests with this outcome.'))
      .describe('Tests per outcome.'),
    testsOverTime: z
      .array(
        z.strictObject({
          testId: id('The test.'),
          sampledAt: instant('When sampled').nullable(),
          outcome: TestOutcome.nullable().describe('Its outcome.'),
        }),
      )
      .describe('Resulted tests in the order they were sampled.'),
    nextReview: z
      .strictObject({
        reviewId: id('The review.'),
        date: date('Its date'),
        mode: ReviewMode.describe('With or without a hearing.'),
      })
      .nullable()
      .describe('The next scheduled review; null if none.'),
  })
  .describe('The progress summary a probation officer reads.');

const TestingWeek = z
  .strictObject({
    week: count('The week of the testing period, from 1.'),
    from: date('Its first day'),
    to: date('Its last day'),
    required: count('The tests a week required.'),
    directed: count('Tests directed in it.'),
    collected: count('Samples collected in it.'),
  })
  .describe('One week of a DRR’s testing floor.');

const Deadline = z
  .strictObject({
    kind: DeadlineKind.describe('What is due.'),
    dueAt: instant('When'),
    role: Role.describe('Whose action it is.'),
    subjectId: text('What it concerns (an appointment, test or review).').nullable(),
    description: text('What is due, in words.'),
    overdue: flag('Whether it has passed.'),
  })
  .describe('An obligation still open.');

const { requirementId: _requirementId, type: _type, ...proposedOnly } = ProposedRequirementView.shape;

const imposedOnly = disclosed({
  orderId: id('The order.'),
  mode: RequirementMode.describe('The mode of treatment imposed.'),
  status: text('The requirement’s lifecycle status.'),
  displayStatus: text('The finer status for display (AMENDMENT_PENDING, CLINICALLY_COMPLETE, …).'),
  ended: RequirementEnd.nullable().describe('How it ended; null while it runs.'),
  compliedWith: flag('Whether it is complied with in full.'),
  sentenceDate: date('The sentence date'),
  orderEndDate: date('The order’s end date (SSO: the end of supervision)'),
  periods: z.array(Period).describe('The treatment periods.'),
  terms: Terms,
  notices: z.array(text('A notice.')).describe('What the court’s terms gave notice of.'),
  providerOrgId: text('The provider delivering treatment.').nullable(),
  allocatedPractitioner: z
    .strictObject({ name: text('Their name.'), role: text('Their role.') })
    .nullable()
    .describe('MHTR: the practitioner allocated; null until allocated.'),
  firstAttendedAt: instant('The first session attended').nullable(),
  clinicallyCompletedOn: date('MHTR: clinical completion').nullable(),
  admittedOn: date('The current admission (in-patient or residential)').nullable(),
  amendmentPending: disclosed({
    reportId: id('The practitioner report.'),
    opinion: PractitionerOpinion.describe('The practitioner’s opinion.'),
    narrative: text('The practitioner’s narrative.'),
    submittedAt: instant('When submitted'),
    appliedToCourtOn: date('When the responsible officer applied to court').nullable(),
  })
    .nullable()
    .describe('A practitioner report asking for the requirement to change; null if none.'),
  reviewMode: ReviewMode.nullable().describe('DRR: the mode of the next scheduled review.'),
  appointments: z.array(AppointmentView).describe('Appointments, soonest first.'),
  drugTests: z.array(DrugTestView).describe('Drug tests, soonest first (DRR).'),
  reviews: z.array(ReviewView).describe('Reviews, soonest first (DRR).'),
  incidents: z.array(IncidentView).describe('Compliance incidents, oldest first.'),
  progress: Progress,
  testing: z.array(TestingWeek).describe('DRR: the testing floor week by week.'),
  deadlines: z.array(Deadline).describe('What is due, and what is overdue.'),
}).shape;

/**
 * A requirement, as the caller's role may see it: before sentence what was asked of the provider, after
 * sentence the requirement as imposed and delivered. What every write to an imposed requirement answers with.
 */
export const RequirementView = z
  .strictObject({
    requirementId: id('The requirement.'),
    type: RequirementType.describe('MHTR, DRR or ATR.'),
    ...proposedOnly,
    ...imposedOnly,
  })
  .meta({
    id: 'RequirementView',
    description: 'A requirement, with only the fields the caller’s role may see.',
  });
