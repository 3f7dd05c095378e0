import {
  accept,
  type DecideContext,
  notFound,
  type Refusal,
  refuseWithin,
  ruleViolation,
  stateConflict,
} from '../../core';
import type { DomainConfig } from '../../config';
import type { RequirementImposition } from '../../links';
import { checkImposition } from '../../requirement/rules/terms';
import type { RecordSentence, SentencedRequirement } from '../commands/sentence';
import { orderTermsOf, type OrderTerms } from '../rules/order-terms';
import type { CaseRecord, OrderState } from '../state';
import { isAdultOn } from '../rules/limits';
import type { LocalDate } from '../../calendar';
import { today, type OrderDecision } from './common';
import { decideAdjournment } from './case';
import { otherRequirementsAtSentence } from './other-requirements';

function imposition(
  state: OrderState,
  terms: OrderTerms,
  r: SentencedRequirement,
  config: DomainConfig,
): RequirementImposition | Refusal {
  const p = state.proposed[r.requirementId];
  const record = state.case;
  if (!p || !record)
    return notFound('requirement-not-found', 'No such requirement on this case.', '/requirementId');
  if (p.assessment?.outcome !== 'SUITABLE')
    return ruleViolation(
      'requirement-not-assessed-suitable',
      'Only a requirement assessed suitable can be imposed.',
      '/requirementId',
    );
  if (p.consent?.status !== 'GIVEN')
    return ruleViolation(
      'r6-consent-required',
      'A CSTR needs the person’s expressed willingness to comply before it is imposed.',
      '/requirementId',
    );
  if (p.consent.date > terms.sentenceDate)
    return ruleViolation(
      'r6-consent-after-sentence',
      'Consent must be given before the requirement is imposed.',
      '/requirementId',
    );
  const { requirementId, review, ...sentenced } = r;
  if (review && !config.lawBeforeCorrections) {
    if ((review.mode ?? 'HEARING') !== 'HEARING')
      return ruleViolation(
        'r11-review-at-hearing-only',
        'At sentence a review provision is for review hearings; reviews without a hearing come only after a hearing finds progress satisfactory (R12).',
        '/review/mode',
      );
    if (review.offenderMustAttend === false)
      return ruleViolation(
        'r11-offender-must-attend',
        'The person must attend the review hearings the order provides for.',
        '/review/offenderMustAttend',
      );
  }
  return {
    ...sentenced,
    ...(review
      ? {
          review: {
            ...review,
            mode: review.mode ?? 'HEARING',
            offenderMustAttend: review.offenderMustAttend ?? true,
          },
        }
      : {}),
    orderId: state.orderId ?? '',
    requirementId,
    type: p.type,
    orderType: terms.orderType,
    sentenceDate: terms.sentenceDate,
    sentencingCourt: record.court,
    probationDeliveryUnit: record.probationDeliveryUnit,
    orderEndDate: terms.endDate,
    assessedByProviderOrgId: p.providerOrgId,
    ...(p.type === 'MHTR' && p.assessment.careLevel ? { careLevel: p.assessment.careLevel } : {}),
  };
}

/** R1: the conviction date (given, else the case's, else the sentence date), on which the person was 18 or over. */
function convictionOf(
  record: CaseRecord,
  c: RecordSentence,
  sentenceDate: LocalDate,
  ctx: DecideContext,
): LocalDate | Refusal {
  const given = c.convictionDate ?? record.convictionDate ?? undefined;
  const convicted = given ?? sentenceDate;
  const field = c.convictionDate !== undefined ? '/convictionDate' : '/sentenceDate';
  if (convicted > sentenceDate)
    return ruleViolation('conviction-after-sentence', 'The conviction comes before the sentence.', field);
  if (!ctx.config.lawBeforeCorrections && !isAdultOn(record.person.dateOfBirth, convicted))
    return ruleViolation(
      'r1-under-18-at-conviction',
      `A community order or CSTR needs the person to be 18 or over when convicted (${convicted}).`,
      field,
    );
  return convicted;
}

export function decideSentence(state: OrderState, c: RecordSentence, ctx: DecideContext): OrderDecision {
  if (c.outcome === 'ADJOURNED') {
    if (c.nextHearingDate === undefined)
      return ruleViolation(
        'sentence-field-required',
        'An adjournment gives the next hearing date.',
        '/nextHearingDate',
      );
    return decideAdjournment(state, { nextHearingDate: c.nextHearingDate, reason: c.reason }, ctx);
  }
  if (c.outcome !== 'CSTR_IMPOSED')
    return accept({ type: 'SentenceRecorded', at: ctx.now, outcome: c.outcome, reason: c.reason ?? null });
  if (state.status !== 'PROPOSED')
    return stateConflict('sentence-before-proposal', 'A CSTR is imposed on a submitted proposal.');
  if (!state.case)
    return stateConflict('sentence-before-proposal', 'A CSTR is imposed on a submitted proposal.');
  if (!state.case.offences.some((o) => o.imprisonable))
    return ruleViolation(
      'r1-offence-not-imprisonable',
      'A community order needs an imprisonable offence.',
      '/outcome',
    );
  if (c.orderType === undefined)
    return ruleViolation('sentence-field-required', 'A CSTR sentence states the order type.', '/orderType');
  if (c.sentenceDate === undefined)
    return ruleViolation(
      'sentence-field-required',
      'A CSTR sentence states the sentence date.',
      '/sentenceDate',
    );
  if (c.sentenceDate > today(ctx))
    return ruleViolation('date-in-future', 'The sentence date is in the future.', '/sentenceDate');
  if (c.requirements === undefined)
    return ruleViolation(
      'sentence-field-required',
      'A CSTR sentence lists its requirements.',
      '/requirements',
    );
  const convicted = convictionOf(state.case, c, c.sentenceDate, ctx);
  if (typeof convicted !== 'string') return convicted;
  const terms = orderTermsOf(c, c.sentenceDate, ctx.config);
  if ('ok' in terms) return terms;
  const impositions: RequirementImposition[] = [];
  for (const [i, r] of c.requirements.entries()) {
    const at = `/requirements/${i}`;
    if (impositions.some((x) => x.requirementId === r.requirementId))
      return ruleViolation(
        'requirement-imposed-twice',
        'Each requirement is imposed once.',
        `${at}/requirementId`,
      );
    const built = imposition(state, terms, r, ctx.config);
    if ('ok' in built) return refuseWithin(at, built.rejection);
    const rejection = checkImposition(built, ctx.config);
    if (rejection) return refuseWithin(at, rejection);
    impositions.push(built);
  }
  const otherRequirements = otherRequirementsAtSentence(c.otherRequirements ?? [], ctx);
  if (!Array.isArray(otherRequirements)) return otherRequirements;
  return accept({
    type: 'OrderMade',
    at: ctx.now,
    ...terms,
    convictionDate: convicted,
    impositions,
    ...(otherRequirements.length > 0 ? { otherRequirements } : {}),
  });
}
