import { expect } from 'vitest';
import {
  type CasePlan,
  MHTR_PRACTITIONER,
  type RequirementType,
  assessmentBody,
  openCaseBody,
  sentenceBody,
} from '../../../app/case-fixtures';
import { type Journey, type Json, actors } from './journey';

// Cases taken through the API as its callers would: opened, screened, assessed, consented, proposed, sentenced.

export interface SentencedCase {
  orderId: string;
  ids: string[];
  sentenceDate: string;
  endDate: string;
}

export const providerOf = (type: RequirementType) => (type === 'MHTR' ? actors.mhProvider : actors.provider);

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
  const sentenced: Json = await j.post(
    actors.court,
    `/v1/orders/${orderId}/sentence`,
    sentenceBody(plan, ids, today),
  );
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
    await j.post(provider, `/v1/requirements/${requirementId}/allocation`, MHTR_PRACTITIONER);
}
