import { randomUUID } from 'node:crypto';
import { addDays, addMonths } from '../../domain/calendar';
import type { OrderCommand, OrderView } from '../../domain/order';
import type { SentencedRequirement } from '../../domain/order/commands/sentence';
import { type CaseDriver, actors } from './driver';

// Cases opened, assessed, sentenced and referred through the workflows, as the API's callers would.

type RecordAssessment = Extract<OrderCommand, { type: 'RecordAssessment' }>;

export interface RequirementPlan {
  type: 'DRR' | 'ATR' | 'MHTR';
  /** The requirement's period, in months from the sentence. */
  months: number;
  /** DRR: monthly review hearings from a month after sentence. */
  reviewed?: boolean;
}

export interface CasePlan {
  orderType?: 'COMMUNITY_ORDER' | 'SUSPENDED_SENTENCE_ORDER';
  /** CO: the order's length in months (its end date is the day before). SSO: the supervision period. */
  months: number;
  requirements: RequirementPlan[];
  /** Refer each requirement and have the provider accept it (and allocate, for an MHTR). */
  refer?: boolean;
}

export interface SentencedCase {
  sentenceDate: string;
  endDate: string;
  /** Requirement ids in the order of the plan. */
  ids: string[];
  sentenced: OrderView;
}

/** The last day of a span of `months` starting on `from`. */
export const lastDayOf = (from: string, months: number) => addDays(addMonths(from, months), -1);

export const providerOf = (type: RequirementPlan['type']) =>
  type === 'MHTR' ? actors.mhProvider : actors.provider;

function assessment(requirementId: string, plan: RequirementPlan): RecordAssessment {
  const base = { type: 'RecordAssessment', requirementId, outcome: 'SUITABLE' } as const;
  const proposedPeriodMonths = plan.months;
  if (plan.type === 'DRR')
    return {
      ...base,
      proposedMode: 'NON_RESIDENT',
      proposedPeriodMonths,
      treatmentDirector: 'Dr A Director',
    };
  if (plan.type === 'ATR')
    return {
      ...base,
      proposedMode: 'PRACTITIONER_BASED',
      proposedPeriodMonths,
      treatmentDirector: 'Dr B Lee',
    };
  return {
    ...base,
    proposedMode: 'PRACTITIONER_BASED',
    proposedPeriodMonths,
    careLevel: 'PRIMARY_CARE',
    hospitalOrderThresholdMet: false,
  };
}

function terms(requirementId: string, plan: RequirementPlan, today: string): SentencedRequirement {
  const periods = [{ start: today, end: lastDayOf(today, plan.months) }];
  if (plan.type === 'MHTR')
    return { requirementId, mode: 'PRACTITIONER_BASED', periods, practitioner: 'Dr R Hughes, psychologist' };
  if (plan.type === 'ATR')
    return { requirementId, mode: 'PRACTITIONER_BASED', periods, treatmentDirector: 'Dr B Lee' };
  const review = plan.reviewed
    ? {
        review: {
          firstReviewDate: addMonths(today, 1),
          intervalMonths: 1,
          mode: 'HEARING' as const,
          offenderMustAttend: true,
        },
      }
    : {};
  return {
    requirementId,
    mode: 'NON_RESIDENT',
    periods,
    treatmentDirector: 'Dr A Director',
    place: 'Lambeth Drug Service',
    intervals: 'weekly',
    ...review,
  };
}

/** Opens the case today, has each requirement assessed and consented, and sentences it. */
export async function sentencedCase(c: CaseDriver, plan: CasePlan): Promise<SentencedCase> {
  const today = await c.today();
  const ids = plan.requirements.map(() => randomUUID());
  await c.order(actors.assessor, {
    type: 'OpenCase',
    orderId: c.orderId,
    person: {
      givenName: 'Alex',
      familyName: 'Example',
      dateOfBirth: '1990-05-01',
      homeLocalJusticeArea: 'Lambeth',
    },
    court: { code: 'B01LY00', type: 'MAGISTRATES' },
    probationDeliveryUnit: 'N07LDN',
    hearingDate: today,
    plea: 'GUILTY',
    offences: [{ description: 'Theft from a shop', imprisonable: true }],
    identification: { source: 'LIAISON_AND_DIVERSION', date: today },
    proposedTypes: [...new Set(plan.requirements.map((r) => r.type))],
  });
  await c.order(actors.assessor, { type: 'RecordScreening', outcome: 'PROCEED_TO_ASSESSMENT' });
  for (const [n, r] of plan.requirements.entries()) {
    const requirementId = ids[n]!;
    const provider = providerOf(r.type);
    await c.order(actors.assessor, {
      type: 'RequestAssessment',
      requirementId,
      requirementType: r.type,
      providerOrgId: provider.org,
    });
    await c.order(provider, assessment(requirementId, r));
    await c.order(actors.assessor, { type: 'RecordConsent', requirementId, given: true, date: today });
  }
  await c.order(actors.assessor, { type: 'SubmitProposal', psrReference: 'PSR-1' });
  const requirements = plan.requirements.map((r, n) => terms(ids[n]!, r, today));
  const sso = plan.orderType === 'SUSPENDED_SENTENCE_ORDER';
  const sentenced = await c.order(actors.court, {
    type: 'RecordSentence',
    outcome: 'CSTR_IMPOSED',
    sentenceDate: today,
    requirements,
    ...(sso
      ? {
          orderType: 'SUSPENDED_SENTENCE_ORDER',
          custodialTermMonths: 12,
          operationalPeriodMonths: 24,
          supervisionPeriodMonths: plan.months,
        }
      : { orderType: 'COMMUNITY_ORDER', endDate: lastDayOf(today, plan.months) }),
  });
  for (const requirementId of ids)
    await c.requirementViewWhen(requirementId, (v) => v.status === 'AWAITING_REFERRAL');
  if (plan.refer ?? true)
    for (const [n, r] of plan.requirements.entries()) await referred(c, ids[n]!, r.type);
  return { sentenceDate: today, endDate: sentenced.order?.endDate ?? '', ids, sentenced };
}

async function referred(c: CaseDriver, requirementId: string, type: RequirementPlan['type']) {
  const provider = providerOf(type);
  await c.requirement(actors.probation, {
    type: 'ReferToProvider',
    requirementId,
    providerOrgId: provider.org,
  });
  await c.requirement(provider, { type: 'RecordAcceptance', requirementId, accepted: true });
  if (type === 'MHTR')
    await c.requirement(provider, {
      type: 'AllocatePractitioner',
      requirementId,
      name: 'A Shah',
      role: 'ASSISTANT_PSYCHOLOGIST',
    });
}
