import { addDays, addMonths, type LocalDate } from '../../domain/calendar';
import type { OrderCommandOf } from '../../domain/order';
import { CADENCE, type RequirementKind } from './design';
import type { Prng } from './prng';
import type { OrderSimulation } from './simulation';

export interface PlannedRequirement {
  requirementId: string;
  type: RequirementKind;
  providerOrgId: string;
  periodEnd: LocalDate;
  reviewed: boolean;
}

type SentencedTerms = NonNullable<OrderCommandOf<'RecordSentence'>['requirements']>[number];

const FAMILY_NAMES = [
  'Taylor',
  'Smith',
  'Jones',
  'Evans',
  'Khan',
  'Patel',
  'Brown',
  'Wilson',
  'Hughes',
  'Okafor',
];
const GIVEN_NAMES = ['Sam', 'Alex', 'Jo', 'Chris', 'Lee', 'Jamie', 'Robin', 'Kai', 'Morgan', 'Dana'];

export const at = (date: LocalDate, time: string): string => `${date}T${time}:00.000Z`;

function terms(r: PlannedRequirement, sentenceDate: LocalDate): SentencedTerms {
  const periods = [{ start: sentenceDate, end: r.periodEnd }];
  const base = { requirementId: r.requirementId, periods };
  if (r.type === 'DRR') {
    const review = r.reviewed
      ? {
          firstReviewDate: addMonths(sentenceDate, 1),
          intervalMonths: 1,
          mode: 'HEARING' as const,
          offenderMustAttend: true,
        }
      : undefined;
    return {
      ...base,
      mode: 'NON_RESIDENT',
      treatmentDirector: 'Dr A. Okafor',
      place: 'Community Drug Service',
      intervals: 'weekly key-work sessions',
      ...(review ? { review } : {}),
    };
  }
  if (r.type === 'ATR')
    return { ...base, mode: 'PRACTITIONER_BASED', treatmentDirector: 'J. Patel, alcohol service lead' };
  return { ...base, mode: 'PRACTITIONER_BASED', practitioner: 'Dr R. Hughes, registered psychologist' };
}

/**
 * Court steps from identification to sentence: open, screen, assess each type, consent, propose, sentence (a
 * community order of `orderMonths`).
 */
export function openAndSentence(
  sim: OrderSimulation,
  rng: Prng,
  hearingDate: LocalDate,
  planned: readonly PlannedRequirement[],
  orderMonths = 12,
): void {
  const identified = addDays(hearingDate, -7);
  sim.now = at(identified, '10:00');
  sim.orderCommand({
    type: 'OpenCase',
    orderId: sim.orderId,
    person: {
      givenName: rng.pick(GIVEN_NAMES),
      familyName: rng.pick(FAMILY_NAMES),
      dateOfBirth: addDays('1960-01-01', rng.int(14_000)),
      homeLocalJusticeArea: `LJA-${rng.int(40)}`,
    },
    court: {
      code: `C${String(rng.int(150)).padStart(3, '0')}`,
      type: rng.chance(0.85) ? 'MAGISTRATES' : 'CROWN',
    },
    probationDeliveryUnit: `PDU-${rng.int(100)}`,
    hearingDate,
    plea: 'GUILTY',
    offences: [{ description: 'Theft from a shop', imprisonable: true }],
    identification: { source: 'LIAISON_AND_DIVERSION', date: identified },
    proposedTypes: planned.map((r) => r.type),
  });
  sim.orderCommand({ type: 'RecordScreening', outcome: 'PROCEED_TO_ASSESSMENT' });
  sim.now = at(addDays(identified, 2), '11:00');
  for (const r of planned) {
    sim.orderCommand({
      type: 'RequestAssessment',
      requirementId: r.requirementId,
      requirementType: r.type,
      providerOrgId: r.providerOrgId,
    });
    const months = Math.round((Date.parse(r.periodEnd) - Date.parse(hearingDate)) / (30.4 * 86_400_000));
    sim.orderCommand(
      r.type === 'MHTR'
        ? {
            type: 'RecordAssessment',
            requirementId: r.requirementId,
            outcome: 'SUITABLE',
            proposedMode: 'PRACTITIONER_BASED',
            proposedPeriodMonths: months,
            careLevel: 'PRIMARY_CARE',
            hospitalOrderThresholdMet: false,
          }
        : {
            type: 'RecordAssessment',
            requirementId: r.requirementId,
            outcome: 'SUITABLE',
            proposedMode: r.type === 'DRR' ? 'NON_RESIDENT' : 'PRACTITIONER_BASED',
            proposedPeriodMonths: months,
          },
    );
    sim.orderCommand({
      type: 'RecordConsent',
      requirementId: r.requirementId,
      given: true,
      date: addDays(identified, 2),
    });
  }
  sim.now = at(addDays(identified, 4), '12:00');
  sim.orderCommand({ type: 'SubmitProposal', psrReference: `PSR-${sim.index}` });
  sim.now = at(hearingDate, '14:00');
  sim.orderCommand({
    type: 'RecordSentence',
    outcome: 'CSTR_IMPOSED',
    orderType: 'COMMUNITY_ORDER',
    sentenceDate: hearingDate,
    endDate: addDays(addMonths(hearingDate, orderMonths), -1),
    requirements: planned.map((r) => terms(r, hearingDate)),
  });
}

/** Which requirements an order has: one by the mix, and a second of another type for some orders. */
export function planRequirements(
  sim: OrderSimulation,
  rng: Prng,
  sentenceDate: LocalDate,
  typeWeights: readonly (readonly [RequirementKind, number])[],
  secondShare: number,
): PlannedRequirement[] {
  const first = rng.weighted(typeWeights);
  const types: RequirementKind[] = [first];
  if (rng.chance(secondShare)) types.push(rng.weighted(typeWeights.filter(([t]) => t !== first)));
  return types.map((type) => {
    const months = rng.pick(CADENCE[type].periodMonths);
    return {
      requirementId: sim.chosenId(),
      type,
      providerOrgId: `provider-${type.toLowerCase()}-${rng.int(60)}`,
      periodEnd: addDays(addMonths(sentenceDate, months), -1),
      reviewed: type === 'DRR' && rng.chance(CADENCE.DRR.reviewedShare),
    };
  });
}
