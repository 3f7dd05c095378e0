import type { z } from 'zod';
import { accept, type DecideContext, stateConflict, ruleViolation, notFound } from '../../core';
import type { IncidentSource, SampleStatus, TestOutcome } from '../../enums';
import type { CommandOf } from '../commands';
import { incidentRaised, type RequirementDecision, stampOf } from './common';
import type { RequirementEvent } from '../events';
import type { DrugTest, ImposedRequirement } from '../state';
import { isBefore, requirementEndsAt } from '../time/instants';

// DRR drug tests. R9: samples as directed by the RO or the treatment director; results reach the RO.
// R23 / T1: a positive result is information, never an incident. T2: a sample not obtained is one.

const NOT_OBTAINED: Record<
  Exclude<z.infer<typeof SampleStatus>, 'COLLECTED'>,
  z.infer<typeof IncidentSource>
> = {
  REFUSED: 'SAMPLE_REFUSED',
  NOT_PROVIDED: 'SAMPLE_NOT_PROVIDED',
  DID_NOT_ATTEND: 'MISSED_TEST',
  TAMPERED: 'SAMPLE_TAMPERED',
};

export function testOutcome(
  substances: DrugTest['substances'],
  explanation: string | undefined,
): z.infer<typeof TestOutcome> | null {
  const results = substances.map((s) => s.result);
  if (results.includes('POSITIVE')) return explanation ? 'POSITIVE_EXPLAINED' : 'POSITIVE_UNEXPLAINED';
  if (results.includes('POSITIVE_PRESCRIBED')) return 'POSITIVE_EXPLAINED';
  if (results.includes('PENDING')) return null;
  if (results.includes('INCONCLUSIVE')) return 'INVALID';
  return 'ALL_NEGATIVE';
}

export function decideDirection(
  s: ImposedRequirement,
  c: CommandOf<'DirectDrugTest'>,
  ctx: DecideContext,
): RequirementDecision {
  if (s.imposition.type !== 'DRR')
    return ruleViolation('drug-tests-only-for-drr', 'Only a DRR directs drug tests.');
  if (s.status !== 'AWAITING_START' && s.status !== 'IN_TREATMENT')
    return stateConflict('not-ready-for-testing', `The requirement is ${s.status}.`);
  if (s.drugTests[c.testId]) return stateConflict('drug-test-exists', 'That test id is taken.', '/testId');
  if (!isBefore(c.dueAt, requirementEndsAt(s)))
    return ruleViolation(
      'test-after-requirement-end',
      'The test falls after the treatment and testing period.',
      '/dueAt',
    );
  return accept({
    type: 'TestDirected',
    ...stampOf(s, ctx.now),
    testId: c.testId,
    dueAt: c.dueAt,
    directedBy: c.directedBy,
  });
}

export function decideSample(
  s: ImposedRequirement,
  c: CommandOf<'RecordSample'>,
  ctx: DecideContext,
): RequirementDecision {
  const test = s.drugTests[c.testId];
  if (!test) return notFound('drug-test-not-found', 'No such drug test.', '/testId');
  if (test.status !== 'DIRECTED')
    return stateConflict('sample-already-recorded', `The test is ${test.status}.`);
  if (c.status === 'DID_NOT_ATTEND' && isBefore(ctx.now, test.dueAt))
    return stateConflict('test-not-yet-due', 'The person cannot miss a test before it is due.');
  if (c.status === 'COLLECTED' && !c.sampleType)
    return ruleViolation('sample-type-required', 'A collected sample has a type.', '/sampleType');
  if (c.status === 'COLLECTED' && !c.method)
    return ruleViolation('test-method-required', 'A collected sample has a method.', '/method');
  const events: RequirementEvent[] = [
    {
      type: 'SampleRecorded',
      ...stampOf(s, ctx.now),
      testId: test.id,
      status: c.status,
      sampleType: c.sampleType ?? null,
      method: c.method ?? null,
    },
  ];
  if (c.status !== 'COLLECTED') events.push(incidentRaised(s, ctx, NOT_OBTAINED[c.status], test.id, ctx.now));
  return accept(...events);
}

export function decideResult(
  s: ImposedRequirement,
  c: CommandOf<'RecordTestResult'>,
  ctx: DecideContext,
): RequirementDecision {
  const test = s.drugTests[c.testId];
  if (!test) return notFound('drug-test-not-found', 'No such drug test.', '/testId');
  const awaitingLab = test.status === 'RESULTED' && test.substances.some((r) => r.result === 'PENDING');
  if (test.status !== 'COLLECTED' && !awaitingLab)
    return stateConflict(
      'no-sample-awaiting-result',
      `The test is ${test.status}: no sample awaits a result.`,
    );
  const stamp = stampOf(s, ctx.now);
  const byResponsibleOfficer = c.recordedByRole === 'probation';
  const events: RequirementEvent[] = [
    {
      type: 'TestResultRecorded',
      ...stamp,
      testId: test.id,
      substances: c.substances,
      explanation: c.explanation ?? null,
      outcome: testOutcome(c.substances, c.explanation),
      recordedByResponsibleOfficer: byResponsibleOfficer,
    },
  ];
  if (!byResponsibleOfficer)
    events.push({ type: 'ResultCommunicatedToResponsibleOfficer', ...stamp, testId: test.id });
  return accept(...events);
}
