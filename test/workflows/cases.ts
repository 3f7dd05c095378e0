import { randomUUID } from 'node:crypto';
import {
  MHTR_PRACTITIONER,
  type RequirementType,
  type CasePlan as SentencePlan,
  assessmentBody,
  openCaseBody,
  sentenceBody,
} from '../../app/case-fixtures';
import type { OrderView } from '../../domain/order';
import type { PartyRequirementCommand } from '../../domain/requirement';
import { type CaseDriver, actors } from './driver';

// Cases opened, assessed, sentenced and referred through the workflows, as the API's callers would.

export interface CasePlan extends SentencePlan {
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

export type Booking = Extract<PartyRequirementCommand, { type: 'BookAppointment' }>;

/** A one-to-one session in person, booked for 10:00 UTC on `day`. */
export const booking = (requirementId: string, day: string): Booking => ({
  type: 'BookAppointment',
  requirementId,
  appointmentId: randomUUID(),
  start: `${day}T10:00:00.000Z`,
  durationMinutes: 50,
  kind: 'ONE_TO_ONE',
  deliveryMode: 'IN_PERSON',
  enforceable: true,
});

export const providerOf = (type: RequirementType) => (type === 'MHTR' ? actors.mhProvider : actors.provider);

/** Opens the case today, has each requirement assessed and consented, and sentences it. */
export async function sentencedCase(c: CaseDriver, plan: CasePlan): Promise<SentencedCase> {
  const today = await c.today();
  const ids = plan.requirements.map(() => randomUUID());
  const types = [...new Set(plan.requirements.map((r) => r.type))];
  await c.order(actors.assessor, { type: 'OpenCase', orderId: c.orderId, ...openCaseBody(today, types) });
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
    await c.order(provider, { type: 'RecordAssessment', requirementId, ...assessmentBody(r) });
    await c.order(actors.assessor, { type: 'RecordConsent', requirementId, given: true, date: today });
  }
  await c.order(actors.assessor, { type: 'SubmitProposal', psrReference: 'PSR-1' });
  const sentenced = await c.order(actors.court, {
    type: 'RecordSentence',
    ...sentenceBody(plan, ids, today),
  });
  for (const requirementId of ids)
    await c.requirementViewWhen(requirementId, (v) => v.status === 'AWAITING_REFERRAL');
  if (plan.refer ?? true)
    for (const [n, r] of plan.requirements.entries()) await referred(c, ids[n]!, r.type);
  return { sentenceDate: today, endDate: sentenced.order?.endDate ?? '', ids, sentenced };
}

async function referred(c: CaseDriver, requirementId: string, type: RequirementType) {
  const provider = providerOf(type);
  await c.requirement(actors.probation, {
    type: 'ReferToProvider',
    requirementId,
    providerOrgId: provider.org,
  });
  await c.requirement(provider, { type: 'RecordAcceptance', requirementId, accepted: true });
  if (type === 'MHTR')
    await c.requirement(provider, { type: 'AllocatePractitioner', requirementId, ...MHTR_PRACTITIONER });
}
