import { z } from 'zod';
import { OrderCommandSchema, type PartyOrderCommand } from '../../domain/order';
import { CodeSchema, type Role } from '../../domain/primitives';
import { type PartyRequirementCommand, RequirementCommandSchema } from '../../domain/requirement';
import { RequirementType } from '../../domain/enums';
import {
  OrderView,
  ProceedingView,
  ProposedRequirementView,
  ReferralView,
  WarningView,
} from '../schemas/order-view';
import { AppointmentView, DrugTestView, RequirementView } from '../schemas/requirement-view';

/**
 * Every write of the API, as data: the path, who may call it, which workflow takes it, which domain command
 * it becomes, and what it creates. The routes, the OpenAPI document and the typed client are all made from
 * this one table.
 */

/** Only what a party sends: the commands that arrive from the other workflow are not routes. */
type OrderCommandType = PartyOrderCommand['type'];
type RequirementCommandType = PartyRequirementCommand['type'];

/**
 * Where the command goes: the order workflow, an imposed requirement's, or (before sentence) the order
 * workflow for a requirement the path names.
 */
export type Target = 'order' | 'requirement' | 'order-via-requirement';

/** The view a command to `target` answers with, as the caller's role may see it. */
export const viewSchemaOf = (target: Target) => (target === 'requirement' ? RequirementView : OrderView);
export type ViewOf<T extends Target> = z.output<
  T extends 'requirement' ? typeof RequirementView : typeof OrderView
>;

interface Entry<T extends Target> {
  operationId: string;
  summary: string;
  path: string;
  roles: readonly Role[];
  target: T;
  command: OrderCommandType | RequirementCommandType;
  /** The request body; strict: unknown fields are refused. */
  body: z.ZodObject<z.ZodRawShape, z.core.$strict>;
  /** Fields of the command the API fills in with new ids. */
  newIds?: readonly string[];
  /** The body field renamed for the domain command (the body's `type` would clash with the command's). */
  rename?: Readonly<Record<string, string>>;
  /** Fields of the command taken from the caller rather than the body. */
  fromCaller?: (role: Role) => Record<string, unknown>;
  /** A POST that creates something answers 201 with that thing (`schema`), picked out of the view. */
  creates?: { schema: z.ZodType; pick: (view: ViewOf<T>, command: Record<string, unknown>) => unknown };
}

export type CommandRoute = Entry<'order'> | Entry<'requirement'> | Entry<'order-via-requirement'>;

type OrderOption = (typeof OrderCommandSchema)['options'][number];
type RequirementOption = (typeof RequirementCommandSchema)['options'][number];
type OptionOf<U, T extends z.core.util.Literal> = Extract<U, { shape: { type: z.ZodLiteral<T> } }>;

/** A request body: the command's shape without `type` and the fields dropped, refusing unknown fields. */
type BodyOf<U extends { shape: z.ZodRawShape }, D extends string> = z.ZodObject<
  Omit<U['shape'], 'type' | D>,
  z.core.$strict
>;

function commandSchema(schema: typeof OrderCommandSchema | typeof RequirementCommandSchema, type: string) {
  const found = schema.options.find((o) => o.shape.type.value === type);
  if (!found) throw new Error(`no domain command ${type}`);
  return found as unknown as z.ZodObject;
}

/** The domain command's schema without its discriminator and the fields the path or the API supplies. */
function body(
  schema: typeof OrderCommandSchema | typeof RequirementCommandSchema,
  type: string,
  drop: string[] = [],
) {
  const command = commandSchema(schema, type);
  const omit = Object.fromEntries(
    ['type', ...drop].filter((k) => k in command.shape).map((k) => [k, true as const]),
  );
  return command.omit(omit as never).strict();
}

const order = <T extends OrderCommandType, D extends string = never>(type: T, drop: D[] = []) =>
  body(OrderCommandSchema, type, drop) as unknown as BodyOf<OptionOf<OrderOption, T>, D>;
const requirement = <T extends RequirementCommandType, D extends string = never>(type: T, drop: D[] = []) =>
  body(RequirementCommandSchema, type, ['requirementId', ...drop]) as unknown as BodyOf<
    OptionOf<RequirementOption, T>,
    'requirementId' | D
  >;

const o = '/v1/orders/{orderId}';
const r = '/v1/requirements/{requirementId}';

/** Opening a case starts the order's workflow: its route is written out in open-case.ts. */
export const openCase = {
  operationId: 'openCase',
  summary: 'Open a case at the assessor’s court',
  path: '/v1/orders',
  roles: ['court-assessor'],
  target: 'order',
  command: 'OpenCase',
  body: order('OpenCase', ['orderId']),
  newIds: ['orderId'],
  creates: { schema: OrderView, pick: (view) => view },
} as const satisfies CommandRoute;

/** The commands sent to a workflow that is already running. */
export const workflowCommands = [
  // Pre-sentence
  {
    operationId: 'recordScreening',
    summary: 'Record screening',
    path: `${o}/screening`,
    roles: ['court-assessor'],
    target: 'order',
    command: 'RecordScreening',
    body: order('RecordScreening'),
  },
  {
    operationId: 'requestAssessment',
    summary: 'Ask a provider to assess one requirement type',
    path: `${o}/requirements`,
    roles: ['court-assessor'],
    target: 'order',
    command: 'RequestAssessment',
    body: z.object({ type: RequirementType, providerOrgId: CodeSchema }).strict(),
    rename: { type: 'requirementType' },
    newIds: ['requirementId'],
    creates: {
      schema: ProposedRequirementView,
      pick: (view, command) =>
        view.proposedRequirements?.find((r) => r.requirementId === command.requirementId),
    },
  },
  {
    operationId: 'recordAssessment',
    summary: 'Record the provider’s assessment',
    path: `${r}/assessment`,
    roles: ['provider'],
    target: 'order-via-requirement',
    command: 'RecordAssessment',
    body: order('RecordAssessment', ['requirementId']),
  },
  {
    operationId: 'recordConsent',
    summary: 'Record consent to one requirement',
    path: `${r}/consent`,
    roles: ['court-assessor'],
    target: 'order-via-requirement',
    command: 'RecordConsent',
    body: order('RecordConsent', ['requirementId']),
  },
  {
    operationId: 'submitProposal',
    summary: 'Propose the CSTR in the PSR',
    path: `${o}/proposal`,
    roles: ['court-assessor'],
    target: 'order',
    command: 'SubmitProposal',
    body: order('SubmitProposal'),
  },
  {
    operationId: 'adjournHearing',
    summary: 'Record an adjournment',
    path: `${o}/adjournments`,
    roles: ['court-assessor', 'court'],
    target: 'order',
    command: 'AdjournHearing',
    body: order('AdjournHearing'),
  },
  {
    operationId: 'withdrawCase',
    summary: 'Withdraw the case',
    path: `${o}/withdrawal`,
    roles: ['court-assessor', 'court'],
    target: 'order',
    command: 'WithdrawCase',
    body: order('WithdrawCase'),
  },
  {
    operationId: 'recordSentence',
    summary: 'Record the sentence',
    path: `${o}/sentence`,
    roles: ['court'],
    target: 'order',
    command: 'RecordSentence',
    body: order('RecordSentence'),
  },

  // Treatment
  {
    operationId: 'referToProvider',
    summary: 'Refer to a treatment provider',
    path: `${r}/referral`,
    roles: ['probation'],
    target: 'requirement',
    command: 'ReferToProvider',
    body: requirement('ReferToProvider'),
  },
  {
    operationId: 'recordAcceptance',
    summary: 'Accept or decline a referral',
    path: `${r}/acceptance`,
    roles: ['provider'],
    target: 'requirement',
    command: 'RecordAcceptance',
    body: requirement('RecordAcceptance'),
  },
  {
    operationId: 'allocatePractitioner',
    summary: 'Allocate the delivering practitioner (MHTR)',
    path: `${r}/allocation`,
    roles: ['provider'],
    target: 'requirement',
    command: 'AllocatePractitioner',
    body: requirement('AllocatePractitioner'),
  },
  {
    operationId: 'bookAppointment',
    summary: 'Book an appointment',
    path: `${r}/appointments`,
    roles: ['provider', 'probation'],
    target: 'requirement',
    command: 'BookAppointment',
    body: requirement('BookAppointment', ['appointmentId']),
    newIds: ['appointmentId'],
    creates: {
      schema: AppointmentView,
      pick: (view, command) => view.appointments?.find((a) => a.id === command.appointmentId),
    },
  },
  {
    operationId: 'rescheduleAppointment',
    summary: 'Reschedule: a new appointment supersedes the old',
    path: `${r}/appointments/{appointmentId}/reschedule`,
    roles: ['provider', 'probation'],
    target: 'requirement',
    command: 'RescheduleAppointment',
    body: requirement('RescheduleAppointment', ['appointmentId', 'newAppointmentId']),
    newIds: ['newAppointmentId'],
    creates: {
      schema: AppointmentView,
      pick: (view, command) => view.appointments?.find((a) => a.id === command.newAppointmentId),
    },
  },
  {
    operationId: 'recordOutcome',
    summary: 'Record an appointment’s outcome',
    path: `${r}/appointments/{appointmentId}/outcome`,
    roles: ['provider'],
    target: 'requirement',
    command: 'RecordOutcome',
    body: requirement('RecordOutcome', ['appointmentId']),
  },
  {
    operationId: 'directDrugTest',
    summary: 'Direct a drug test (DRR)',
    path: `${r}/drug-tests`,
    roles: ['provider', 'probation'],
    target: 'requirement',
    command: 'DirectDrugTest',
    body: requirement('DirectDrugTest', ['testId']),
    newIds: ['testId'],
    creates: {
      schema: DrugTestView,
      pick: (view, command) => view.drugTests?.find((t) => t.id === command.testId),
    },
  },
  {
    operationId: 'recordSample',
    summary: 'Record the sample',
    path: `${r}/drug-tests/{testId}/sample`,
    roles: ['provider', 'probation'],
    target: 'requirement',
    command: 'RecordSample',
    body: requirement('RecordSample', ['testId']),
  },
  {
    operationId: 'recordTestResult',
    summary: 'Record the test result',
    path: `${r}/drug-tests/{testId}/result`,
    roles: ['provider', 'probation'],
    target: 'requirement',
    command: 'RecordTestResult',
    body: requirement('RecordTestResult', ['testId', 'recordedByRole']),
    fromCaller: (role) => ({ recordedByRole: role }),
  },
  {
    operationId: 'submitPractitionerReport',
    summary: 'Report to the responsible officer',
    path: `${r}/practitioner-reports`,
    roles: ['provider'],
    target: 'requirement',
    command: 'SubmitPractitionerReport',
    body: requirement('SubmitPractitionerReport'),
  },
  {
    operationId: 'recordApplicationToCourt',
    summary: 'Record the RO’s application to court after a practitioner report',
    path: `${r}/applications`,
    roles: ['probation'],
    target: 'requirement',
    command: 'RecordApplicationToCourt',
    body: requirement('RecordApplicationToCourt'),
  },
  {
    operationId: 'recordApplicationRefused',
    summary: 'Record that the court refused the application',
    path: `${r}/applications/refusal`,
    roles: ['court'],
    target: 'requirement',
    command: 'RecordApplicationRefused',
    body: requirement('RecordApplicationRefused'),
  },
  {
    operationId: 'submitProviderViews',
    summary: 'Give the provider’s views for a review',
    path: `${r}/reviews/{reviewId}/provider-views`,
    roles: ['provider'],
    target: 'requirement',
    command: 'SubmitProviderViews',
    body: requirement('SubmitProviderViews', ['reviewId']),
  },
  {
    operationId: 'submitReviewReport',
    summary: 'Submit the review report',
    path: `${r}/reviews/{reviewId}/report`,
    roles: ['probation'],
    target: 'requirement',
    command: 'SubmitReviewReport',
    body: requirement('SubmitReviewReport', ['reviewId']),
  },
  {
    operationId: 'recordReviewOutcome',
    summary: 'Record the review’s outcome',
    path: `${r}/reviews/{reviewId}/outcome`,
    roles: ['court'],
    target: 'requirement',
    command: 'RecordReviewOutcome',
    body: requirement('RecordReviewOutcome', ['reviewId']),
  },
  {
    operationId: 'recordClinicalCompletion',
    summary: 'Record clinical completion (MHTR)',
    path: `${r}/clinical-completion`,
    roles: ['provider'],
    target: 'requirement',
    command: 'RecordClinicalCompletion',
    body: requirement('RecordClinicalCompletion'),
  },
  {
    operationId: 'recordAdmission',
    summary: 'Record an admission (in-patient or residential)',
    path: `${r}/admissions`,
    roles: ['provider'],
    target: 'requirement',
    command: 'RecordAdmission',
    body: requirement('RecordAdmission'),
  },
  {
    operationId: 'recordDischarge',
    summary: 'Record a discharge',
    path: `${r}/discharges`,
    roles: ['provider'],
    target: 'requirement',
    command: 'RecordDischarge',
    body: requirement('RecordDischarge'),
  },
  {
    operationId: 'changeTreatmentPlace',
    summary: 'Change the place of treatment (MHTR)',
    path: `${r}/treatment-place`,
    roles: ['provider'],
    target: 'requirement',
    command: 'ChangeTreatmentPlace',
    body: requirement('ChangeTreatmentPlace'),
  },

  // Compliance and the end of the order
  {
    operationId: 'completeInduction',
    summary: 'Record the probation induction',
    path: `${o}/induction`,
    roles: ['probation'],
    target: 'order',
    command: 'CompleteInduction',
    body: order('CompleteInduction'),
  },
  {
    operationId: 'decideIncident',
    summary: 'Decide whether a failure was acceptable',
    path: `${o}/incidents/{incidentId}/decision`,
    roles: ['probation'],
    target: 'order',
    command: 'DecideIncident',
    body: order('DecideIncident', ['incidentId']),
  },
  {
    operationId: 'giveWarning',
    summary: 'Give a warning (one in any 12 months)',
    path: `${o}/warnings`,
    roles: ['probation'],
    target: 'order',
    command: 'GiveWarning',
    body: order('GiveWarning'),
    creates: {
      schema: WarningView,
      pick: (view, command) =>
        view.compliance?.warnings?.findLast((x) => x.incidentId === command.incidentId),
    },
  },
  {
    operationId: 'referToEnforcement',
    summary: 'Refer to the enforcement officer',
    path: `${o}/enforcement-referrals`,
    roles: ['probation'],
    target: 'order',
    command: 'ReferToEnforcement',
    body: order('ReferToEnforcement'),
    creates: {
      schema: ReferralView,
      pick: (view, command) =>
        view.compliance?.referrals?.findLast((x) => x.incidentId === command.incidentId),
    },
  },
  {
    operationId: 'layInformation',
    summary: 'Lay an information: start breach proceedings',
    path: `${o}/breach-proceedings`,
    roles: ['enforcement'],
    target: 'order',
    command: 'LayInformation',
    body: order('LayInformation'),
    creates: {
      schema: ProceedingView,
      pick: (view, command) =>
        view.compliance?.proceedings?.findLast((x) => x.referralId === command.referralId),
    },
  },
  {
    operationId: 'recordNoFurtherAction',
    summary: 'Decide not to lay an information',
    path: `${o}/enforcement-referrals/{referralId}/no-further-action`,
    roles: ['enforcement'],
    target: 'order',
    command: 'RecordNoFurtherAction',
    body: order('RecordNoFurtherAction', ['referralId']),
  },
  {
    operationId: 'recordSummonsOrWarrant',
    summary: 'Record a summons or a warrant issued on breach proceedings',
    path: `${o}/breach-proceedings/{proceedingId}/process`,
    roles: ['court'],
    target: 'order',
    command: 'RecordSummonsOrWarrant',
    body: order('RecordSummonsOrWarrant', ['proceedingId']),
  },
  {
    operationId: 'recordBreachOutcome',
    summary: 'Record the breach hearing’s outcome',
    path: `${o}/breach-proceedings/{proceedingId}/outcome`,
    roles: ['court'],
    target: 'order',
    command: 'RecordBreachOutcome',
    body: order('RecordBreachOutcome', ['proceedingId']),
  },
  {
    operationId: 'amendRequirement',
    summary: 'Amend a requirement (cancel, replace, extend)',
    path: `${o}/amendments`,
    roles: ['court'],
    target: 'order',
    command: 'AmendRequirement',
    body: order('AmendRequirement'),
  },
  {
    operationId: 'extendEndDate',
    summary: 'Extend the end date on application',
    path: `${o}/end-date-extension`,
    roles: ['court'],
    target: 'order',
    command: 'ExtendEndDate',
    body: order('ExtendEndDate'),
  },
  {
    operationId: 'permitResidenceChange',
    summary: 'Permit a change of residence',
    path: `${o}/residence-change`,
    roles: ['probation'],
    target: 'order',
    command: 'PermitResidenceChange',
    body: order('PermitResidenceChange'),
  },
  {
    operationId: 'amendHomeLocalJusticeArea',
    summary: 'Amend the home local justice area',
    path: `${o}/home-local-justice-area`,
    roles: ['court'],
    target: 'order',
    command: 'AmendHomeLocalJusticeArea',
    body: order('AmendHomeLocalJusticeArea'),
  },
  {
    operationId: 'recordAppeal',
    summary: 'Record an appeal against the order',
    path: `${o}/appeals`,
    roles: ['court'],
    target: 'order',
    command: 'RecordAppeal',
    body: order('RecordAppeal'),
  },
  {
    operationId: 'recordAppealDetermined',
    summary: 'Record the appeal’s determination',
    path: `${o}/appeals/determination`,
    roles: ['court'],
    target: 'order',
    command: 'RecordAppealDetermined',
    body: order('RecordAppealDetermined'),
  },
  {
    operationId: 'revokeOrder',
    summary: 'Revoke the order',
    path: `${o}/revocation`,
    roles: ['court'],
    target: 'order',
    command: 'RevokeOrder',
    body: order('RevokeOrder'),
  },
  {
    operationId: 'terminateOnCompletion',
    summary: 'Terminate on completion (SA 2026)',
    path: `${o}/termination`,
    roles: ['probation'],
    target: 'order',
    command: 'TerminateOnCompletion',
    body: order('TerminateOnCompletion'),
  },
  {
    operationId: 'recordOtherRequirementCompliance',
    summary: 'Record that another (non-CSTR) requirement of the order was complied with',
    path: `${o}/other-requirements/{otherRequirementId}/compliance`,
    roles: ['probation'],
    target: 'order',
    command: 'RecordOtherRequirementCompliance',
    body: order('RecordOtherRequirementCompliance', ['otherRequirementId']),
  },
  {
    operationId: 'activateSuspendedSentence',
    summary: 'Activate a suspended sentence on a further offence',
    path: `${o}/activation`,
    roles: ['court'],
    target: 'order',
    command: 'ActivateSuspendedSentence',
    body: order('ActivateSuspendedSentence'),
  },
  {
    operationId: 'recordDeath',
    summary: 'Record the person’s death',
    path: `${o}/death`,
    roles: ['probation'],
    target: 'order',
    command: 'RecordDeath',
    body: order('RecordDeath'),
  },
  {
    operationId: 'recordTransferOut',
    summary: 'Record a transfer to Scotland or Northern Ireland',
    path: `${o}/transfer`,
    roles: ['court'],
    target: 'order',
    command: 'RecordTransferOut',
    body: order('RecordTransferOut'),
  },
] as const satisfies readonly CommandRoute[];

export const commandRoutes = [openCase, ...workflowCommands] as const;

export type CommandRouteDef = (typeof commandRoutes)[number];
export type OperationId = CommandRouteDef['operationId'];
