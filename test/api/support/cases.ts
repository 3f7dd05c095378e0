import { expect } from 'vitest';
import { addDays, addMonths } from '../../../domain/calendar';
import { type Journey, type Json, actors } from './journey';

// Cases taken through the API as its callers would: opened, screened, assessed, consented, proposed, sentenced.

export type RequirementType = 'DRR' | 'ATR' | 'MHTR';

export interface RequirementPlan {
  type: RequirementType;
  months: number;
  /** DRR: monthly review hearings from a month after sentence. */
  reviewed?: boolean;
  /** MHTR: treated as an in-patient at this hospital. */
  inPatientAt?: string;
}

export interface CasePlan {
  orderType?: 'COMMUNITY_ORDER' | 'SUSPENDED_SENTENCE_ORDER';
  months: number;
  requirements: RequirementPlan[];
}

export interface SentencedCase {
  orderId: string;
  ids: string[];
  sentenceDate: string;
  endDate: string;
}

export const lastDayOf = (from: string, months: number) => addDays(addMonths(from, months), -1);

export const providerOf = (type: RequirementType) => (type === 'MHTR' ? actors.mhProvider : actors.provider);

export function openCaseBody(today: string, types: RequirementType[]) {
  return {
    person: {
      givenName: 'Alex',
      familyName: 'Example',
      dateOfBirth: '1990-05-01',
      crn: 'X123456',
      homeLocalJusticeArea: 'Lambeth',
    },
    court: { code: actors.assessor.org, type: 'MAGISTRATES' },
    probationDeliveryUnit: actors.probation.org,
    hearingDate: today,
    plea: 'GUILTY',
    offences: [{ description: 'Theft from a shop', imprisonable: true }],
    identification: { source: 'LIAISON_AND_DIVERSION', date: today },
    proposedTypes: types,
  };
}

export function assessmentBody(plan: RequirementPlan) {
  const base = { outcome: 'SUITABLE', proposedPeriodMonths: plan.months };
  if (plan.type === 'DRR')
    return { ...base, proposedMode: 'NON_RESIDENT', treatmentDirector: 'Dr A Director' };
  if (plan.type === 'ATR')
    return { ...base, proposedMode: 'PRACTITIONER_BASED', treatmentDirector: 'Dr B Lee' };
  if (plan.inPatientAt)
    return {
      ...base,
      proposedMode: 'IN_PATIENT',
      place: plan.inPatientAt,
      careLevel: 'SECONDARY_CARE',
      hospitalOrderThresholdMet: false,
    };
  return {
    ...base,
    proposedMode: 'PRACTITIONER_BASED',
    careLevel: 'PRIMARY_CARE',
    hospitalOrderThresholdMet: false,
  };
}

export function sentencedTerms(requirementId: string, plan: RequirementPlan, today: string) {
  const periods = [{ start: today, end: lastDayOf(today, plan.months) }];
  if (plan.type === 'MHTR' && plan.inPatientAt)
    return { requirementId, mode: 'IN_PATIENT', periods, place: plan.inPatientAt };
  if (plan.type === 'MHTR')
    return { requirementId, mode: 'PRACTITIONER_BASED', periods, practitioner: 'Dr R Hughes' };
  if (plan.type === 'ATR')
    return { requirementId, mode: 'PRACTITIONER_BASED', periods, treatmentDirector: 'Dr B Lee' };
  return {
    requirementId,
    mode: 'NON_RESIDENT',
    periods,
    treatmentDirector: 'Dr A Director',
    place: 'Lambeth Drug Service',
    intervals: 'weekly',
    ...(plan.reviewed
      ? {
          review: {
            firstReviewDate: addMonths(today, 1),
            intervalMonths: 1,
            mode: 'HEARING',
            offenderMustAttend: true,
          },
        }
      : {}),
  };
}

/** Opens a case and has every requirement of the plan assessed and consented to, ready for a proposal. */
export async function assessedCase(j: Journey, plan: CasePlan) {
  const today = await j.today();
  const types = [...new Set(plan.requirements.map((r) => r.type))];
  const opened: Json = await j.post(actors.assessor, '/v1/orders', openCaseBody(today, types));
  const orderId: string = opened.orderId;
  await j.post(actors.assessor, `/v1/orders/${orderId}/screening`, { outcome: 'PROCEED_TO_ASSESSMENT' });
  const ids: string[] = [];
  for (const r of plan.requirements) {
    const provider = providerOf(r.type);
    const requested: Json = await j.post(actors.assessor, `/v1/orders/${orderId}/requirements`, {
      type: r.type,
      providerOrgId: provider.org,
    });
    ids.push(requested.requirementId as string);
    await j.post(provider, `/v1/requirements/${requested.requirementId}/assessment`, assessmentBody(r));
    await j.post(actors.assessor, `/v1/requirements/${requested.requirementId}/consent`, {
      given: true,
      date: today,
    });
  }
  return { orderId, ids, today };
}

/** A case taken to sentence through the API, its requirements imposed and awaiting referral. */
export async function sentencedCase(j: Journey, plan: CasePlan): Promise<SentencedCase> {
  const { orderId, ids, today } = await assessedCase(j, plan);
  await j.post(actors.assessor, `/v1/orders/${orderId}/proposal`, { psrReference: 'PSR-1' });
  const sso = plan.orderType === 'SUSPENDED_SENTENCE_ORDER';
  const sentenced: Json = await j.post(actors.court, `/v1/orders/${orderId}/sentence`, {
    outcome: 'CSTR_IMPOSED',
    sentenceDate: today,
    requirements: plan.requirements.map((r, n) => sentencedTerms(ids[n]!, r, today)),
    ...(sso
      ? {
          orderType: 'SUSPENDED_SENTENCE_ORDER',
          custodialTermMonths: 12,
          operationalPeriodMonths: 24,
          supervisionPeriodMonths: plan.months,
        }
      : { orderType: 'COMMUNITY_ORDER', endDate: lastDayOf(today, plan.months) }),
  });
  expect(sentenced.status).toBe('ACTIVE');
  for (const id of ids) await imposed(j, id);
  return { orderId, ids, sentenceDate: today, endDate: sentenced.order.endDate as string };
}

/** Waits until the requirement's own workflow has taken it over (its projection says SENTENCED). */
export async function imposed(j: Journey, requirementId: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const row = await j.h.deps.db
      .selectFrom('requirements')
      .select(['stage', 'status'])
      .where('id', '=', requirementId)
      .executeTakeFirst();
    if (row?.stage === 'SENTENCED' && row.status === 'AWAITING_REFERRAL') return;
    if (Date.now() > deadline) throw new Error(`requirement ${requirementId} not imposed: ${row?.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Probation refers each requirement to its provider, which accepts (and allocates, for an MHTR). */
export async function referred(j: Journey, requirementId: string, type: RequirementType) {
  const provider = providerOf(type);
  await j.post(actors.probation, `/v1/requirements/${requirementId}/referral`, {
    providerOrgId: provider.org,
  });
  await j.post(provider, `/v1/requirements/${requirementId}/acceptance`, { accepted: true });
  if (type === 'MHTR')
    await j.post(provider, `/v1/requirements/${requirementId}/allocation`, {
      name: 'A Shah',
      role: 'ASSISTANT_PSYCHOLOGIST',
    });
}
