import { DEFAULT_CONFIG, type DomainConfig } from '../../../domain/config';
import type { DecideContext, Decision, Rejection } from '../../../domain/core';
import {
  decideOrder,
  evolveOrder,
  initialOrderState,
  OrderCommandSchema,
  OrderEventSchema,
  tickOrder,
  type OrderCommand,
  type OrderCommandOf,
  type OrderEvent,
  type OrderState,
} from '../../../domain/order';

export const ORDER_ID = '11111111-1111-4111-8111-111111111111';
export const DRR_ID = '22222222-2222-4222-8222-222222222222';
export const MHTR_ID = '33333333-3333-4333-8333-333333333333';
export const ATR_ID = '44444444-4444-4444-8444-444444444444';

/** Monday 13 April 2026, after the 2026 changes came into force. */
export const SENTENCE_DATE = '2026-04-13';
export const CO_END_DATE = '2027-04-12';

export function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
}

export function at(date: string, time = '10:00:00'): string {
  return `${date}T${time}.000Z`;
}

/** A case as a test drives it: commands in, events recorded, every shape checked against its wire schema. */
export class CaseRun {
  state: OrderState = initialOrderState;
  events: OrderEvent[] = [];
  now: string = at('2026-04-01');
  private ids = 0;

  constructor(readonly config: DomainConfig = DEFAULT_CONFIG) {}

  ctx(): DecideContext {
    return { now: this.now, newId: () => uuid(++this.ids + 1000), config: this.config };
  }

  on(date: string, time?: string): this {
    this.now = at(date, time);
    return this;
  }

  decide(command: OrderCommand): Decision<OrderEvent> {
    return decideOrder(this.state, OrderCommandSchema.parse(command), this.ctx());
  }

  apply(events: readonly OrderEvent[]): OrderEvent[] {
    for (const e of events) {
      this.state = evolveOrder(this.state, OrderEventSchema.parse(e));
      this.events.push(e);
    }
    return [...events];
  }

  /** Runs a command that must be accepted; returns its events. */
  do(command: OrderCommand): OrderEvent[] {
    const decision = this.decide(command);
    if (!decision.ok) throw new Error(`${command.type} refused: ${JSON.stringify(decision.rejection)}`);
    return this.apply(decision.events);
  }

  /** Runs a command that must be refused; returns the rejection and leaves the state alone. */
  refused(command: OrderCommand): Rejection {
    const decision = this.decide(command);
    if (decision.ok) throw new Error(`${command.type} accepted: ${JSON.stringify(decision.events)}`);
    return decision.rejection;
  }

  tick(date: string, time?: string): OrderEvent[] {
    this.on(date, time);
    return this.apply(tickOrder(this.state, this.ctx()));
  }

  last<T extends OrderEvent['type']>(type: T): Extract<OrderEvent, { type: T }> {
    const found = [...this.events].reverse().find((e) => e.type === type);
    if (!found) throw new Error(`no ${type} event`);
    return found as Extract<OrderEvent, { type: T }>;
  }
}

export const openCase: OrderCommandOf<'OpenCase'> = {
  type: 'OpenCase',
  orderId: ORDER_ID,
  person: {
    givenName: 'Sam',
    familyName: 'Taylor',
    dateOfBirth: '1990-05-01',
    homeLocalJusticeArea: 'South London',
  },
  court: { code: 'B01LY', type: 'MAGISTRATES' },
  probationDeliveryUnit: 'PDU-LAMBETH',
  hearingDate: SENTENCE_DATE,
  plea: 'GUILTY',
  offences: [{ description: 'Theft from a shop', imprisonable: true }],
  identification: { source: 'LIAISON_AND_DIVERSION', date: '2026-04-01' },
  proposedTypes: ['DRR', 'MHTR'],
};

/** Opened, screened in, DRR (and optionally MHTR) assessed suitable with consent, proposal submitted. */
export function proposedCase(
  run = new CaseRun(),
  types: ReadonlyArray<'DRR' | 'MHTR'> = ['DRR'],
  opened: OrderCommandOf<'OpenCase'> = openCase,
): CaseRun {
  run.on('2026-04-01').do(opened);
  run.do({ type: 'RecordScreening', outcome: 'PROCEED_TO_ASSESSMENT' });
  run.on('2026-04-02');
  if (types.includes('DRR')) {
    run.do({
      type: 'RequestAssessment',
      requirementId: DRR_ID,
      requirementType: 'DRR',
      providerOrgId: 'provider-drugs',
    });
    run.do({
      type: 'RecordAssessment',
      requirementId: DRR_ID,
      outcome: 'SUITABLE',
      proposedMode: 'NON_RESIDENT',
      proposedPeriodMonths: 12,
      treatmentDirector: 'Dr A. Okafor',
    });
    run.do({ type: 'RecordConsent', requirementId: DRR_ID, given: true, date: '2026-04-02' });
  }
  if (types.includes('MHTR')) {
    run.do({
      type: 'RequestAssessment',
      requirementId: MHTR_ID,
      requirementType: 'MHTR',
      providerOrgId: 'provider-mh',
    });
    run.do({
      type: 'RecordAssessment',
      requirementId: MHTR_ID,
      outcome: 'SUITABLE',
      proposedMode: 'PRACTITIONER_BASED',
      proposedPeriodMonths: 6,
      careLevel: 'PRIMARY_CARE',
      hospitalOrderThresholdMet: false,
    });
    run.do({ type: 'RecordConsent', requirementId: MHTR_ID, given: true, date: '2026-04-02' });
  }
  run.do({ type: 'SubmitProposal', psrReference: 'PSR-2026-0413' });
  return run;
}

export const drrTerms = {
  requirementId: DRR_ID,
  mode: 'NON_RESIDENT' as const,
  periods: [{ start: SENTENCE_DATE, end: '2027-04-12' }],
  treatmentDirector: 'Dr A. Okafor',
  place: 'Lambeth Drug Service',
  intervals: 'weekly',
};

export const mhtrTerms = {
  requirementId: MHTR_ID,
  mode: 'PRACTITIONER_BASED' as const,
  periods: [{ start: SENTENCE_DATE, end: '2026-10-12' }],
  practitioner: 'Dr R. Hughes, registered psychologist',
};

export const coSentence = {
  type: 'RecordSentence' as const,
  outcome: 'CSTR_IMPOSED' as const,
  orderType: 'COMMUNITY_ORDER' as const,
  sentenceDate: SENTENCE_DATE,
  endDate: CO_END_DATE,
  requirements: [drrTerms],
};

export const ssoSentence = {
  type: 'RecordSentence' as const,
  outcome: 'CSTR_IMPOSED' as const,
  orderType: 'SUSPENDED_SENTENCE_ORDER' as const,
  sentenceDate: SENTENCE_DATE,
  custodialTermMonths: 12,
  operationalPeriodMonths: 24,
  supervisionPeriodMonths: 12,
  requirements: [drrTerms],
};

export function communityOrder(
  types: ReadonlyArray<'DRR' | 'MHTR'> = ['DRR'],
  endDate = CO_END_DATE,
): CaseRun {
  const run = proposedCase(new CaseRun(), types);
  const requirements = types.map((t) => (t === 'DRR' ? drrTerms : mhtrTerms));
  run.on(SENTENCE_DATE, '14:00:00').do({ ...coSentence, endDate, requirements });
  return run;
}

export function suspendedSentenceOrder(): CaseRun {
  const run = proposedCase();
  run.on(SENTENCE_DATE, '14:00:00').do(ssoSentence);
  return run;
}

/** An incident raised by the DRR and decided unacceptable by the RO. */
export function unacceptableFailure(run: CaseRun, n: number, date: string): string {
  const incidentId = uuid(n);
  run.on(date, '11:00:00').do({
    type: 'RecordIncident',
    incidentId,
    requirementId: DRR_ID,
    source: 'MISSED_APPOINTMENT',
    occurredAt: at(date, '09:00:00'),
    subjectId: `appointment-${n}`,
  });
  run
    .on(date, '15:00:00')
    .do({ type: 'DecideIncident', incidentId, decision: 'UNACCEPTABLE', reason: 'No excuse given' });
  return incidentId;
}
