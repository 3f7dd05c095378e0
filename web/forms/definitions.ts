import type { Context } from 'hono';
import { type CommandRoute, workflowCommands } from '../../api/commands/catalogue';
import type { LocalDate } from '../../domain/calendar';
import type { OrderType, RequirementMode, RequirementType } from '../../domain/enums';
import { warningExpiresOn, warningStatement } from '../../domain/order/rules/warnings';
import { PRE_SENTENCE_STAGES } from '../../domain/order/state';
import type { WebDeps, WebEnv } from '../env';
import { reviewReportAside } from '../presenters/review-report';
import { DATE_HINT, type Field } from './fields';
import { MODES, termFields } from './sentence';

/**
 * A record of the case that a form acts on, in one of its compliance lists or the order's other (non-CSTR)
 * requirements: its link is on the case page.
 */
export interface About {
  list: 'incidents' | 'referrals' | 'proceedings' | 'otherRequirements';
  /** The record's id: a path parameter, or else a hidden field of the same name. */
  id: 'incidentId' | 'referralId' | 'proceedingId' | 'otherRequirementId';
  /** The record's statuses the form is for; every record when not given. */
  statuses?: readonly string[];
  /** A field of the record that, when set, rules the form out (the domain would refuse it). */
  unless?: 'referralMandatory' | 'compliedOn';
}

/** A requirement's dates that decide whether a form on it can be done. */
export type RequirementDateField = 'admittedOn' | 'clinicallyCompletedOn';

/** The terms of the requirement that replaces one (R28: of the same kind), asked only if it is replaced. */
const REPLACEMENT_FIELDS: readonly Field[] = Object.values<Field>(
  termFields('replacement-', 'replacement'),
).map((f) => ({
  ...f,
  label: `Replacement: ${f.label.charAt(0).toLowerCase()}${f.label.slice(1)}`,
  hint: `Only if replaced. ${f.hint ?? ''}`.trim(),
  optional: true,
  askedIf: { field: 'change', is: 'REPLACE' },
  ...(f.kind === 'choice' ? { choices: MODES.options } : {}),
}));

/** The provider a requirement is referred to, or asked to assess it. */
const PROVIDER_ORG_ID: Field = {
  name: 'providerOrgId',
  kind: 'text',
  label: 'Provider organisation code',
  hint: 'For example, PROV-DRUGS',
  message: 'Enter the provider’s organisation code',
};

/** A page's form for one command of the catalogue: what it asks, in what words, and what it says when done. */
export interface FormDefinition {
  operationId: (typeof workflowCommands)[number]['operationId'];
  title: string;
  /** The notification after it was sent. */
  done: string;
  fields: readonly Field[];
  about?: About;
  /** What the form leads with, under its title. */
  lead?: string;
  /** What the person will be told, shown before the form is sent, from what it holds so far. */
  preview?: (body: Record<string, unknown>, today: LocalDate) => { heading: string; text: string };
  /**
   * A form on the order itself: linked once from the case page while the order is in one of these statuses;
   * with `about`, the order's statuses in which each record's link is shown.
   */
  onCase?: readonly string[];
  /**
   * A form on the order about one of its sentenced requirements that has not ended: linked from the case page
   * once for each, the requirement's id in the form's hidden `requirementId`.
   */
  perRequirement?: boolean;
  /** The order types a form on the order is for (only a suspended sentence is activated); both when not given. */
  orderTypes?: readonly OrderType[];
  /** A form on the order for when an appeal against it is pending (true) or not (false); either when not given. */
  appealPending?: boolean;
  /**
   * A form on a requirement about the application to court after a practitioner report (R24): `awaited` while
   * a report awaits the application, `made` while the application awaits the court's decision.
   */
  application?: 'awaited' | 'made';
  /** The requirement types it is for (a drug test is a DRR's); every type when not given. */
  requirementTypes?: readonly RequirementType[];
  /** A form on the order itself that is done once the order's read has this field: its link goes then. */
  onCaseUntil?: 'inductionCompletedOn';
  /** A form on the requirement itself: the requirement's statuses it is for; every status when not given. */
  requirementStatuses?: readonly string[];
  /** The modes of treatment it is for (an admission is a residential or in-patient one's); every mode when not given. */
  requirementModes?: readonly RequirementMode[];
  /** A field of the requirement's read that must be set for it (a discharge needs an admission). */
  requirementWith?: RequirementDateField;
  /** A field of the requirement's read that, once set, means it is done (one admission at a time). */
  requirementUntil?: RequirementDateField;
  /** A form on one record of a requirement (its id in the path): the record's statuses it is for; `SCHEDULED` when not given. */
  recordStatuses?: readonly string[];
  /** What the page shows beside the questions, read as the page is shown, in its own view (extending form.njk). */
  aside?: {
    view: string;
    load: (deps: WebDeps, c: Context<WebEnv>, target: FormTarget) => Promise<Record<string, unknown>>;
  };
  /** Where the form goes back to: for a court assessor, its pre-sentence task list; else the case or requirement. */
  after?: 'pathway';
}

/** The case or requirement a form's path names, as found for the signed-in person. */
export interface FormTarget {
  id: string;
  orderId: string;
}

/** Requirement types as people name them. */
export const REQUIREMENT_NAMES: Readonly<Record<string, string>> = {
  DRR: 'Drug rehabilitation requirement (DRR)',
  ATR: 'Alcohol treatment requirement (ATR)',
  MHTR: 'Mental health treatment requirement (MHTR)',
};

/** A made order in force, or (R31) a community order past its end while breach proceedings are pending. */
const ORDER_IN_FORCE = ['ACTIVE', 'SSO_OPERATIONAL_ONLY', 'EXPIRED_PROCEEDINGS_PENDING'] as const;
/** A made order not ended, an SSO past its operational period (R32) included. */
const ORDER_OPEN = [...ORDER_IN_FORCE, 'SSO_OPEN_TO_ACTIVATION'] as const;

/** The forms the pages offer; each posts the command of its catalogue entry, at its path without `/v1`. */
export const forms: readonly FormDefinition[] = [
  {
    operationId: 'recordAcceptance',
    title: 'Accept or decline the referral',
    done: 'Your answer to the referral has been recorded',
    fields: [
      {
        name: 'accepted',
        kind: 'yes-no',
        label: 'Do you accept the referral?',
        message: 'Select yes if you accept the referral',
      },
      {
        name: 'reason',
        kind: 'textarea',
        label: 'Reason',
        hint: 'Why you decline, if you do',
        message: 'Enter the reason',
        optional: true,
      },
    ],
  },
  {
    operationId: 'recordAssessment',
    title: 'Record your assessment',
    done: 'Your assessment has been sent to the court assessor',
    requirementStatuses: ['AWAITING_ASSESSMENT'],
    lead: 'The court assessor proposes the requirement to the court only if you assess it suitable, on the terms you give here.',
    fields: [
      {
        name: 'outcome',
        kind: 'choice',
        label: 'Is the person suitable for the requirement?',
        message: 'Select the outcome of your assessment',
      },
      {
        name: 'proposedMode',
        kind: 'choice',
        label: 'How would the treatment be given?',
        hint: 'Only if the person is suitable',
        message: 'Select how the treatment would be given',
        optional: true,
      },
      {
        name: 'proposedPeriodMonths',
        kind: 'number',
        label: 'How many months of treatment do you propose?',
        hint: 'Only if the person is suitable',
        message: 'Enter the number of months, like 6',
        optional: true,
      },
      {
        name: 'treatmentDirector',
        kind: 'text',
        label: 'Who would direct the treatment?',
        hint: 'A DRR or ATR: the name of the person directing it',
        message: 'Enter the name of the person directing the treatment',
        optional: true,
      },
      {
        name: 'place',
        kind: 'text',
        label: 'Where would the treatment be given?',
        hint: 'Resident or in-patient treatment: the name of the place',
        message: 'Enter the name of the place of treatment',
        optional: true,
      },
      {
        name: 'careLevel',
        kind: 'choice',
        label: 'What level of care would the person need?',
        hint: 'An MHTR only',
        message: 'Select the level of care',
        optional: true,
      },
      {
        name: 'hospitalOrderThresholdMet',
        kind: 'yes-no',
        label: 'Does the person’s condition meet the threshold for a hospital order?',
        hint: 'An MHTR only',
        message: 'Select yes if the threshold for a hospital order is met',
        optional: true,
      },
    ],
  },
  {
    operationId: 'referToProvider',
    title: 'Refer to a treatment provider',
    done: 'The requirement has been referred to the treatment provider',
    requirementStatuses: ['AWAITING_REFERRAL'],
    fields: [PROVIDER_ORG_ID],
  },
  {
    operationId: 'completeInduction',
    title: 'Record the induction',
    done: 'The induction has been recorded',
    onCase: ['ACTIVE'],
    onCaseUntil: 'inductionCompletedOn',
    fields: [
      {
        name: 'completedOn',
        kind: 'date',
        label: 'When was the induction?',
        hint: DATE_HINT,
        message: 'Enter a real date of the induction, on or after the sentence and not in the future',
      },
    ],
  },
  {
    operationId: 'allocatePractitioner',
    title: 'Allocate a practitioner',
    done: 'The practitioner has been allocated',
    requirementTypes: ['MHTR'],
    requirementStatuses: ['REFERRED', 'ALLOCATED', 'AWAITING_START', 'IN_TREATMENT'],
    fields: [
      {
        name: 'name',
        kind: 'text',
        label: 'Practitioner’s name',
        message: 'Enter the practitioner’s name',
      },
      {
        name: 'role',
        kind: 'text',
        label: 'Practitioner’s role',
        hint: 'For example, Clinical psychologist',
        message: 'Enter the practitioner’s role',
      },
    ],
  },
  {
    operationId: 'rescheduleAppointment',
    title: 'Reschedule the session',
    done: 'The session has been rescheduled',
    fields: [
      {
        name: 'start',
        kind: 'date-time',
        label: 'When does the new session start?',
        hint: 'For example, 27 3 2027 and 14:30',
        message: 'Enter a real date and a time, like 14:30',
      },
      {
        name: 'requestedBy',
        kind: 'choice',
        label: 'Who asked to reschedule?',
        message: 'Select who asked to reschedule',
        choiceText: { SERVICE: 'The service', PERSON: 'The person' },
      },
      {
        name: 'reason',
        kind: 'textarea',
        label: 'Why is it rescheduled?',
        message: 'Enter why the session is rescheduled',
      },
    ],
  },
  {
    operationId: 'recordAdmission',
    title: 'Record an admission',
    done: 'The admission has been recorded',
    requirementStatuses: ['AWAITING_START', 'IN_TREATMENT'],
    requirementModes: ['RESIDENT', 'IN_PATIENT'],
    requirementUntil: 'admittedOn',
    fields: [
      {
        name: 'admittedOn',
        kind: 'date',
        label: 'When was the person admitted?',
        hint: DATE_HINT,
        message: 'Enter a real date of admission, not in the future',
      },
    ],
  },
  {
    operationId: 'recordDischarge',
    title: 'Record a discharge',
    done: 'The discharge has been recorded',
    requirementStatuses: ['IN_TREATMENT'],
    requirementModes: ['RESIDENT', 'IN_PATIENT'],
    requirementWith: 'admittedOn',
    fields: [
      {
        name: 'dischargedOn',
        kind: 'date',
        label: 'When was the person discharged?',
        hint: DATE_HINT,
        message: 'Enter a real date of discharge, on or after the admission and not in the future',
      },
    ],
  },
  {
    operationId: 'recordClinicalCompletion',
    title: 'Record clinical completion',
    done: 'Clinical completion has been recorded',
    requirementTypes: ['MHTR'],
    requirementStatuses: ['IN_TREATMENT'],
    requirementUntil: 'clinicallyCompletedOn',
    lead: 'The treatment the person needs under the requirement is complete.',
    fields: [
      {
        name: 'notes',
        kind: 'textarea',
        label: 'Notes',
        hint: 'Seen only by the provider and probation',
        message: 'Enter the notes',
        optional: true,
      },
    ],
  },
  {
    operationId: 'submitPractitionerReport',
    title: 'Report to the responsible officer',
    done: 'Your report has been sent to the responsible officer',
    requirementStatuses: ['AWAITING_START', 'IN_TREATMENT'],
    lead: 'The responsible officer decides whether to apply to the court to amend the requirement.',
    fields: [
      {
        name: 'opinion',
        kind: 'choice',
        label: 'What is your opinion?',
        message: 'Select your opinion',
      },
      {
        name: 'narrative',
        kind: 'textarea',
        label: 'Your reasons',
        message: 'Enter your reasons',
      },
    ],
  },
  {
    operationId: 'changeTreatmentPlace',
    title: 'Change the place of treatment',
    done: 'The place of treatment has been changed',
    requirementTypes: ['MHTR'],
    requirementStatuses: ['AWAITING_START', 'IN_TREATMENT'],
    fields: [
      {
        name: 'newPlace',
        kind: 'text',
        label: 'Where will the treatment be given?',
        message: 'Enter the name of the new place of treatment',
      },
      {
        name: 'underPractitioner',
        kind: 'text',
        label: 'Under which practitioner?',
        message: 'Enter the name of the practitioner',
      },
      {
        name: 'offenderConsented',
        kind: 'yes-no',
        label: 'Has the person agreed to the change?',
        message: 'Select yes if the person has agreed to the change',
      },
    ],
  },
  {
    operationId: 'recordOtherRequirementCompliance',
    title: 'Record compliance',
    done: 'The requirement has been recorded as complied with',
    about: { list: 'otherRequirements', id: 'otherRequirementId', unless: 'compliedOn' },
    onCase: ['ACTIVE', 'SSO_OPERATIONAL_ONLY'],
    lead: 'The order can end on completion once each of its requirements has been complied with.',
    fields: [
      {
        name: 'compliedOn',
        kind: 'date',
        label: 'When was it complied with?',
        hint: DATE_HINT,
        message: 'Enter a real date it was complied with, not in the future',
      },
      {
        name: 'hoursDone',
        kind: 'number',
        label: 'How many hours of unpaid work were done? (optional)',
        hint: 'Unpaid work only. Leave blank if all the hours required were done',
        message: 'Enter the hours done as a number, like 100',
        optional: true,
      },
    ],
  },
  {
    operationId: 'permitResidenceChange',
    title: 'Permit a change of residence',
    done: 'The change of residence has been permitted',
    onCase: ['ACTIVE', 'SSO_OPERATIONAL_ONLY'],
    fields: [
      {
        name: 'newHomeLocalJusticeArea',
        kind: 'text',
        label: 'What is the new home local justice area?',
        hint: 'For example, Leeds',
        message: 'Enter the new home local justice area',
      },
      {
        name: 'permittedOn',
        kind: 'date',
        label: 'When was the change permitted?',
        hint: DATE_HINT,
        message: 'Enter a real date the change was permitted, not in the future',
      },
    ],
  },
  {
    operationId: 'bookAppointment',
    title: 'Book a session',
    done: 'The session has been booked',
    fields: [
      {
        name: 'start',
        kind: 'date-time',
        label: 'When does it start?',
        hint: 'For example, 27 3 2027 and 14:30',
        message: 'Enter a real date and a time, like 14:30',
      },
      {
        name: 'durationMinutes',
        kind: 'number',
        label: 'How long is it, in minutes?',
        message: 'Enter a length between 5 and 480 minutes',
      },
      {
        name: 'kind',
        kind: 'choice',
        label: 'What kind of session is it?',
        message: 'Select the kind of session',
      },
      {
        name: 'deliveryMode',
        kind: 'choice',
        label: 'How is it delivered?',
        message: 'Select how it is delivered',
      },
      {
        name: 'enforceable',
        kind: 'yes-no',
        label: 'Can missing it be enforced?',
        hint: 'An enforceable session missed without an acceptable reason is a failure to comply',
        message: 'Select yes if missing it can be enforced',
      },
    ],
  },
  {
    operationId: 'recordOutcome',
    title: 'Record the session’s outcome',
    done: 'The session’s outcome has been recorded',
    fields: [
      {
        name: 'sessionHappened',
        kind: 'yes-no',
        label: 'Did the session happen?',
        message: 'Select yes if the session happened',
      },
      {
        name: 'attended',
        kind: 'choice',
        label: 'Did the person attend?',
        message: 'Select whether they attended',
      },
      {
        name: 'noSessionReason',
        kind: 'choice',
        label: 'Why did the session not happen?',
        message: 'Select why the session did not happen',
        optional: true,
      },
      {
        name: 'lateReason',
        kind: 'text',
        label: 'Why were they late?',
        message: 'Enter why they were late',
        optional: true,
      },
      {
        name: 'notes',
        kind: 'textarea',
        label: 'Session notes',
        hint: 'Seen only by the provider and probation',
        message: 'Enter the notes',
        optional: true,
      },
    ],
  },
  {
    operationId: 'directDrugTest',
    title: 'Direct a drug test',
    done: 'The drug test has been directed',
    requirementTypes: ['DRR'],
    fields: [
      {
        name: 'dueAt',
        kind: 'date-time',
        label: 'When must the sample be given?',
        hint: 'For example, 27 3 2027 and 14:30',
        message: 'Enter a real date and a time, like 14:30',
      },
      {
        name: 'directedBy',
        kind: 'choice',
        label: 'Who directs the test?',
        message: 'Select who directs the test',
      },
    ],
  },
  {
    operationId: 'recordSample',
    title: 'Record the sample',
    done: 'The sample has been recorded',
    recordStatuses: ['DIRECTED'],
    fields: [
      {
        name: 'status',
        kind: 'choice',
        label: 'What happened to the sample?',
        hint: 'A sample refused, not provided, tampered with or missed is a failure to comply',
        message: 'Select what happened to the sample',
      },
      {
        name: 'sampleType',
        kind: 'choice',
        label: 'What kind of sample is it?',
        message: 'Select the kind of sample',
        optional: true,
      },
      {
        name: 'method',
        kind: 'choice',
        label: 'How is it tested?',
        message: 'Select how it is tested',
        optional: true,
      },
    ],
  },
  {
    operationId: 'recordTestResult',
    title: 'Record the test result',
    done: 'The test result has been recorded',
    recordStatuses: ['COLLECTED'],
    fields: [
      {
        name: 'substances',
        kind: 'substance-results',
        label: 'What did the test find for each substance?',
        hint: 'Leave “Not tested” for a substance the test did not look for',
        message: 'Select a result for at least one substance',
      },
      {
        name: 'explanation',
        kind: 'textarea',
        label: 'The person’s explanation of a positive result',
        hint: 'For example, a prescription',
        message: 'Enter the explanation',
        optional: true,
      },
    ],
  },
  {
    operationId: 'submitProviderViews',
    title: 'Give your views for the review',
    done: 'Your views for the review have been sent to the responsible officer',
    lead: 'The responsible officer’s report to the court includes them as you write them here.',
    fields: [
      {
        name: 'views',
        kind: 'textarea',
        label: 'Your views on the person’s progress in treatment',
        message: 'Enter your views',
      },
    ],
  },
  {
    operationId: 'submitReviewReport',
    title: 'Write the review report',
    done: 'The review report has been sent to the court',
    lead: 'Your report to the court for the review (Sentencing Code Schedule 9, paragraph 21(2)(d) and (e)). The test results since the last review and the provider’s views go in it as shown here.',
    aside: { view: 'review-report-form.njk', load: reviewReportAside },
    fields: [
      {
        name: 'progress',
        kind: 'choice',
        label: 'Is the person’s progress satisfactory?',
        message: 'Select whether the progress is satisfactory',
      },
      {
        name: 'recommendation',
        kind: 'textarea',
        label: 'Your recommendation to the court',
        message: 'Enter your recommendation',
      },
    ],
  },
  {
    operationId: 'decideIncident',
    title: 'Decide the absence',
    done: 'The decision has been recorded',
    about: { list: 'incidents', id: 'incidentId', statuses: ['PENDING_DECISION'] },
    fields: [
      {
        name: 'decision',
        kind: 'choice',
        label: 'Was the absence acceptable?',
        hint: 'Unacceptable means without reasonable excuse: a failure to comply',
        message: 'Select whether the absence was acceptable',
      },
      {
        name: 'reason',
        kind: 'textarea',
        label: 'Reason',
        message: 'Enter the reason',
        optional: true,
      },
    ],
  },
  {
    operationId: 'giveWarning',
    title: 'Give a warning',
    done: 'The warning has been recorded',
    about: { list: 'incidents', id: 'incidentId', statuses: ['UNACCEPTABLE'], unless: 'referralMandatory' },
    fields: [
      { name: 'incidentId', kind: 'hidden', label: 'Failure', message: 'Choose the failure from the case' },
      {
        name: 'givenOn',
        kind: 'date',
        label: 'When is the warning given?',
        hint: DATE_HINT,
        message: 'Enter a real date the warning is given, on or after the failure',
      },
      {
        name: 'deliveryMethod',
        kind: 'choice',
        label: 'How is it given?',
        message: 'Select how the warning is given',
        optional: true,
      },
      {
        name: 'circumstances',
        kind: 'textarea',
        label: 'The circumstances of the failure',
        hint: 'Leave blank to describe it from the failure recorded',
        message: 'Enter the circumstances',
        optional: true,
      },
    ],
    preview: (body, today) => ({
      heading: 'The statement the person will receive',
      text: warningStatement(warningExpiresOn(typeof body.givenOn === 'string' ? body.givenOn : today)),
    }),
  },
  {
    operationId: 'referToEnforcement',
    title: 'Refer to the enforcement officer',
    done: 'The failure has been referred to the enforcement officer',
    about: { list: 'incidents', id: 'incidentId', statuses: ['UNACCEPTABLE'] },
    lead: 'The enforcement officer decides whether to lay an information before the court.',
    fields: [
      { name: 'incidentId', kind: 'hidden', label: 'Failure', message: 'Choose the failure from the case' },
    ],
  },
  {
    operationId: 'layInformation',
    title: 'Lay an information',
    done: 'The information has been laid: breach proceedings have started',
    about: { list: 'referrals', id: 'referralId', statuses: ['OPEN'] },
    fields: [
      { name: 'referralId', kind: 'hidden', label: 'Referral', message: 'Choose the referral from the case' },
      {
        name: 'informationLaidOn',
        kind: 'date',
        label: 'When was the information laid?',
        hint: DATE_HINT,
        message: 'Enter a real date the information was laid',
      },
      {
        name: 'courtCode',
        kind: 'text',
        label: 'Court code',
        hint: 'The court dealing with the breach, for example B01LY',
        message: 'Enter the court’s code',
      },
    ],
  },
  {
    operationId: 'recordNoFurtherAction',
    title: 'Take no further action',
    done: 'No further action: the referral is closed',
    about: { list: 'referrals', id: 'referralId', statuses: ['OPEN'] },
    lead: 'You decide not to lay an information before the court for this failure.',
    fields: [
      {
        name: 'reason',
        kind: 'textarea',
        label: 'Why is no further action taken?',
        message: 'Enter why no further action is taken',
      },
    ],
  },
  {
    operationId: 'terminateOnCompletion',
    title: 'End the order on completion',
    done: 'The order’s community requirements have ended on completion',
    onCase: ['ACTIVE'],
    lead: 'Its community requirements end on the date you give, the person having complied with each of them (Sentencing Code Schedule 10, paragraph 15A; for a suspended sentence, Schedule 16, paragraph 22A).',
    fields: [
      {
        name: 'terminationDate',
        kind: 'date',
        label: 'When does the order end?',
        hint: DATE_HINT,
        message: 'Enter a real date the order ends',
      },
      {
        name: 'sentencePlanObjectivesMet',
        kind: 'yes-no',
        label: 'Have the sentence plan’s objectives been met?',
        hint: 'Answer only where there is a sentence plan',
        message: 'Select yes if the objectives have been met',
        optional: true,
      },
    ],
  },
  {
    operationId: 'recordReviewOutcome',
    title: 'Record the review’s outcome',
    done: 'The review’s outcome has been recorded',
    fields: [
      {
        name: 'outcome',
        kind: 'choice',
        label: 'What did the court decide?',
        message: 'Select what the court decided',
      },
      {
        name: 'attended',
        kind: 'yes-no',
        label: 'Did the person attend?',
        message: 'Select yes if the person attended',
      },
      {
        name: 'nextReviewDate',
        kind: 'date',
        label: 'Date of the next review (optional)',
        hint: `Leave blank to keep the schedule. ${DATE_HINT}`,
        message: 'Enter a real date for the next review',
        optional: true,
      },
    ],
  },
  {
    operationId: 'recordSummonsOrWarrant',
    title: 'Record a summons or a warrant',
    done: 'The summons or warrant has been recorded',
    about: { list: 'proceedings', id: 'proceedingId', statuses: ['OPEN'] },
    fields: [
      {
        name: 'process',
        kind: 'choice',
        label: 'What did the court issue?',
        message: 'Select a summons or a warrant',
      },
      {
        name: 'issuedOn',
        kind: 'date',
        label: 'When was it issued?',
        hint: DATE_HINT,
        message:
          'Enter a real date it was issued, on or after the information was laid and not in the future',
      },
    ],
  },
  {
    operationId: 'recordBreachOutcome',
    title: 'Record the breach hearing’s outcome',
    done: 'The breach hearing’s outcome has been recorded',
    about: { list: 'proceedings', id: 'proceedingId', statuses: ['OPEN'] },
    fields: [
      {
        name: 'finding',
        kind: 'choice',
        label: 'What did the court find?',
        message: 'Select what the court found',
      },
      {
        name: 'disposal',
        kind: 'choice',
        label: 'How did the court deal with the breach?',
        hint: 'Only if the breach was proved or admitted',
        message: 'Select how the court dealt with the breach',
        optional: true,
      },
      {
        name: 'extentOfCompliance',
        kind: 'textarea',
        label: 'How the court took account of the extent of compliance',
        message: 'Enter how the court took account of the extent of compliance',
        optional: true,
      },
      {
        name: 'reasonsForNotActivating',
        kind: 'textarea',
        label: 'The court’s reasons for not activating a suspended sentence',
        message: 'Enter the court’s reasons',
        optional: true,
      },
    ],
  },
  {
    operationId: 'recordScreening',
    title: 'Screen the case',
    done: 'The screening has been recorded',
    after: 'pathway',
    fields: [
      {
        name: 'outcome',
        kind: 'choice',
        label: 'What is the outcome of the screening?',
        hint: 'Proceed to assessment only where an offence is punishable with imprisonment',
        message: 'Select the outcome of the screening',
      },
      { name: 'notes', kind: 'textarea', label: 'Notes', message: 'Enter the notes', optional: true },
    ],
  },
  {
    operationId: 'requestAssessment',
    title: 'Ask a provider to assess',
    done: 'The provider has been asked to assess',
    after: 'pathway',
    fields: [
      {
        name: 'type',
        kind: 'choice',
        label: 'Which requirement is to be assessed?',
        message: 'Select the requirement to be assessed',
        choiceText: REQUIREMENT_NAMES,
      },
      PROVIDER_ORG_ID,
    ],
  },
  {
    operationId: 'recordConsent',
    title: 'Record consent',
    done: 'The person’s answer has been recorded',
    after: 'pathway',
    lead: 'The person must express willingness to comply with the requirement before it is proposed.',
    fields: [
      {
        name: 'given',
        kind: 'yes-no',
        label: 'Is the person willing to comply with the requirement?',
        message: 'Select yes if the person is willing to comply',
      },
      {
        name: 'date',
        kind: 'date',
        label: 'When did they say so?',
        hint: DATE_HINT,
        message: 'Enter a real date, today or before',
      },
    ],
  },
  {
    operationId: 'submitProposal',
    title: 'Propose the CSTR',
    done: 'The proposal has been submitted to the court',
    after: 'pathway',
    lead: 'The pre-sentence report proposes every requirement assessed suitable that the person consented to.',
    fields: [
      {
        name: 'psrReference',
        kind: 'text',
        label: 'Pre-sentence report reference',
        message: 'Enter the pre-sentence report’s reference',
      },
    ],
  },
  {
    operationId: 'adjournHearing',
    title: 'Record an adjournment',
    done: 'The adjournment has been recorded',
    onCase: PRE_SENTENCE_STAGES,
    after: 'pathway',
    fields: [
      {
        name: 'nextHearingDate',
        kind: 'date',
        label: 'When is the next hearing?',
        hint: DATE_HINT,
        message: 'Enter a real date for the next hearing',
      },
      {
        name: 'reason',
        kind: 'textarea',
        label: 'Why was the hearing adjourned? (optional)',
        message: 'Enter why the hearing was adjourned',
        optional: true,
      },
    ],
  },
  {
    operationId: 'withdrawCase',
    title: 'Withdraw the case',
    done: 'The case has been withdrawn',
    onCase: PRE_SENTENCE_STAGES,
    after: 'pathway',
    lead: 'The case closes without a sentence. Nothing more can be recorded on it.',
    fields: [
      {
        name: 'reason',
        kind: 'textarea',
        label: 'Why is the case withdrawn?',
        message: 'Enter why the case is withdrawn',
      },
    ],
  },
  {
    operationId: 'revokeOrder',
    title: 'Revoke the order',
    done: 'The order has been revoked',
    onCase: ORDER_IN_FORCE,
    appealPending: false,
    lead: 'A suspended sentence revoked for good progress keeps its operational period: only its community requirements end.',
    fields: [
      {
        name: 'reason',
        kind: 'choice',
        label: 'Why did the court revoke the order?',
        message: 'Select why the court revoked the order',
        choiceText: {
          GOOD_PROGRESS: 'Good progress',
          RESENTENCED_BREACH: 'Re-sentenced for the breach',
          FURTHER_OFFENCE: 'Re-sentenced for a further offence',
          OTHER: 'Another reason',
        },
      },
      {
        name: 'revokedOn',
        kind: 'date',
        label: 'Date of the revocation (optional)',
        hint: `Leave blank for today. ${DATE_HINT}`,
        message: 'Enter a real date of the revocation',
        optional: true,
      },
    ],
  },
  {
    operationId: 'extendEndDate',
    title: 'Extend the end date',
    done: 'The order’s end date has been extended',
    onCase: ['ACTIVE'],
    orderTypes: ['COMMUNITY_ORDER'],
    lead: 'On an application to the court, not on a breach (Sentencing Code Schedule 10, paragraph 20).',
    fields: [
      {
        name: 'newEndDate',
        kind: 'date',
        label: 'What is the new end date?',
        hint: DATE_HINT,
        message: 'Enter a real date for the new end date',
      },
    ],
  },
  {
    operationId: 'amendRequirement',
    title: 'Amend a requirement',
    done: 'The requirement has been amended',
    onCase: ['ACTIVE'],
    perRequirement: true,
    lead: 'The court amends a requirement only if the person is willing to comply with it as amended.',
    fields: [
      {
        name: 'requirementId',
        kind: 'hidden',
        label: 'Requirement',
        message: 'Go back to the case and choose the requirement to amend',
      },
      {
        name: 'change',
        kind: 'choice',
        label: 'How did the court amend it?',
        message: 'Select how the court amended the requirement',
        choiceText: {
          CANCEL: 'Cancelled it',
          REPLACE: 'Replaced it with a requirement of the same kind',
          EXTEND_PERIOD: 'Extended its period',
        },
      },
      {
        name: 'offenderWilling',
        kind: 'yes-no',
        label: 'Is the person willing to comply with the requirement as amended?',
        message: 'Select yes if the person is willing to comply',
      },
      {
        name: 'newPeriodEnd',
        kind: 'date',
        label: 'New end of its period (only if extended)',
        hint: DATE_HINT,
        message: 'Enter a real date for the new end of the period',
        optional: true,
        askedIf: { field: 'change', is: 'EXTEND_PERIOD' },
      },
      ...REPLACEMENT_FIELDS,
      {
        name: 'effectiveOn',
        kind: 'date',
        label: 'When does the amendment take effect? (optional)',
        hint: `Leave blank for today. ${DATE_HINT}`,
        message: 'Enter a real date the amendment takes effect',
        optional: true,
      },
    ],
  },
  {
    operationId: 'activateSuspendedSentence',
    title: 'Activate the suspended sentence',
    done: 'The suspended sentence has been activated',
    onCase: ['ACTIVE', 'SSO_OPERATIONAL_ONLY', 'SSO_OPEN_TO_ACTIVATION'],
    orderTypes: ['SUSPENDED_SENTENCE_ORDER'],
    lead: 'On conviction for a further offence committed during the operational period (Sentencing Code Schedule 16, Part 4). The conviction may come after the period ends.',
    fields: [
      {
        name: 'offenceDate',
        kind: 'date',
        label: 'When was the further offence committed?',
        hint: `It must be in the operational period. ${DATE_HINT}`,
        message: 'Enter a real date the further offence was committed',
      },
      {
        name: 'convictionDate',
        kind: 'date',
        label: 'When was the person convicted of it?',
        hint: DATE_HINT,
        message: 'Enter a real date the person was convicted',
      },
      {
        name: 'activatedOn',
        kind: 'date',
        label: 'When did the court activate the sentence?',
        hint: DATE_HINT,
        message: 'Enter a real date the court activated the sentence',
      },
      {
        name: 'reducedTermMonths',
        kind: 'number',
        label: 'Reduced custodial term, in months (optional)',
        hint: 'Leave blank where the court activated the whole term',
        message: 'Enter the reduced term as a whole number of months',
        optional: true,
      },
    ],
  },
  {
    operationId: 'recordTransferOut',
    title: 'Record a transfer to Scotland or Northern Ireland',
    done: 'The transfer has been recorded: the order has ended here',
    onCase: ORDER_OPEN,
    fields: [
      {
        name: 'jurisdiction',
        kind: 'choice',
        label: 'Where has the order been transferred to?',
        message: 'Select where the order has been transferred to',
        choiceText: { SCOTLAND: 'Scotland', NORTHERN_IRELAND: 'Northern Ireland' },
      },
      {
        name: 'transferredOn',
        kind: 'date',
        label: 'When was it transferred?',
        hint: DATE_HINT,
        message: 'Enter a real date the order was transferred',
      },
    ],
  },
  {
    operationId: 'recordAppeal',
    title: 'Record an appeal',
    done: 'The appeal has been recorded',
    onCase: ORDER_OPEN,
    appealPending: false,
    fields: [
      {
        name: 'lodgedOn',
        kind: 'date',
        label: 'When was the appeal lodged?',
        hint: DATE_HINT,
        message: 'Enter a real date the appeal was lodged',
      },
    ],
  },
  {
    operationId: 'recordAppealDetermined',
    title: 'Record the appeal’s outcome',
    done: 'The appeal’s outcome has been recorded',
    onCase: ORDER_OPEN,
    appealPending: true,
    fields: [
      {
        name: 'result',
        kind: 'choice',
        label: 'What did the appeal court decide?',
        message: 'Select what the appeal court decided',
        choiceText: {
          DISMISSED: 'Appeal dismissed',
          ORDER_QUASHED: 'Order quashed',
          ORDER_VARIED: 'Order varied',
        },
      },
      {
        name: 'determinedOn',
        kind: 'date',
        label: 'When was the appeal decided?',
        hint: DATE_HINT,
        message: 'Enter a real date the appeal was decided',
      },
    ],
  },
  {
    operationId: 'amendHomeLocalJusticeArea',
    title: 'Amend the home local justice area',
    done: 'The home local justice area has been amended',
    onCase: ORDER_IN_FORCE,
    fields: [
      {
        name: 'newHomeLocalJusticeArea',
        kind: 'text',
        label: 'New local justice area code',
        message: 'Enter the local justice area’s code',
      },
      {
        name: 'amendedOn',
        kind: 'date',
        label: 'When was it amended?',
        hint: DATE_HINT,
        message: 'Enter a real date the area was amended',
      },
    ],
  },
  {
    operationId: 'recordApplicationRefused',
    title: 'Record that the court refused the application',
    done: 'The court’s refusal of the application has been recorded',
    application: 'made',
    lead: 'The requirement continues as it is. A new practitioner report can follow.',
    fields: [],
  },
  {
    operationId: 'recordApplicationToCourt',
    title: 'Record the application to court',
    done: 'The application to court has been recorded',
    application: 'awaited',
    lead: 'A practitioner report awaits your application to the court.',
    fields: [
      {
        name: 'appliedOn',
        kind: 'date',
        label: 'When did you apply to the court?',
        hint: DATE_HINT,
        message: 'Enter a real date, between the report and today',
      },
    ],
  },
  {
    operationId: 'recordDeath',
    title: 'Record the person’s death',
    done: 'The person’s death has been recorded: the order has ended',
    onCase: ORDER_OPEN,
    fields: [
      {
        name: 'diedOn',
        kind: 'date',
        label: 'When did the person die?',
        hint: DATE_HINT,
        message: 'Enter a real date, today or before',
      },
    ],
  },
];

/** What the pages that are not a declared form say once their command is sent (`?done=`). */
export const PAGE_DONE: Readonly<Record<string, string>> = {
  openCase: 'The case has been opened',
  recordSentence: 'The sentence has been recorded: the order is made',
};

/** The catalogue entry a form posts. */
export function commandOf(form: FormDefinition): CommandRoute {
  const def = workflowCommands.find((c) => c.operationId === form.operationId);
  if (!def) throw new Error(`no command ${form.operationId}`);
  return def;
}

/**
 * A form's page path: its command's API path with the case's pages' prefix (`/v1/orders` is `/cases`,
 * `/v1/requirements` is `/requirements`), its ids as Hono parameters.
 */
export const pagePathOf = (form: FormDefinition) =>
  commandOf(form)
    .path.replace(/^\/v1\/orders\//, '/cases/')
    .replace(/^\/v1/, '')
    .replace(/\{(\w+)\}/g, ':$1');
