import type { RequirementImposition } from '../../../domain/links';

export const ORDER_ID = '0b6f5e0e-1d9a-4c43-9a39-2b1f4b0f0a01';
export const REQUIREMENT_ID = '5a0c1f3e-7b7d-4d44-8c1e-9b0e2a4c6d02';

/** Monday 2 February 2026: a CO with an end date two years on. */
export const SENTENCE_DATE = '2026-02-02';

const common = {
  orderId: ORDER_ID,
  requirementId: REQUIREMENT_ID,
  orderType: 'COMMUNITY_ORDER',
  sentenceDate: SENTENCE_DATE,
  sentencingCourt: { code: 'B01LY', type: 'MAGISTRATES' },
  probationDeliveryUnit: 'PDU-LAMBETH',
  orderEndDate: '2028-02-01',
  assessedByProviderOrgId: 'provider-drugs',
} as const;

export function drrImposition(overrides: Partial<RequirementImposition> = {}): RequirementImposition {
  return {
    ...common,
    type: 'DRR',
    mode: 'NON_RESIDENT',
    periods: [{ start: SENTENCE_DATE, end: '2026-08-01' }],
    treatmentDirector: 'Dr A. Okafor',
    place: 'Lambeth Drug Service, 12 Brixton Hill',
    intervals: 'weekly key-work sessions',
    ...overrides,
  };
}

export function atrImposition(overrides: Partial<RequirementImposition> = {}): RequirementImposition {
  return {
    ...common,
    type: 'ATR',
    mode: 'PRACTITIONER_BASED',
    periods: [{ start: SENTENCE_DATE, end: '2026-11-01' }],
    treatmentDirector: 'J. Patel, alcohol service lead',
    ...overrides,
  };
}

export function mhtrImposition(overrides: Partial<RequirementImposition> = {}): RequirementImposition {
  return {
    ...common,
    type: 'MHTR',
    mode: 'PRACTITIONER_BASED',
    careLevel: 'PRIMARY_CARE',
    practitioner: 'Dr R. Hughes, registered psychologist (Clinical Lead)',
    periods: [{ start: SENTENCE_DATE, end: '2026-08-01' }],
    ...overrides,
  };
}
