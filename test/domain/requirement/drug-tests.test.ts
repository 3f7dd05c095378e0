import { describe, expect, it } from 'vitest';
import { orderMessagesFor } from '../../../domain/requirement';
import { atrImposition, drrImposition } from './fixtures';
import { idNumber } from './harness';
import { inTreatment } from './steps';

describe('drug tests', () => {
  it('R9: a DRR provides samples as directed, and results recorded by anyone but the RO are communicated to the RO', () => {
    const h = inTreatment(drrImposition());
    const test = idNumber(5);
    h.ok({
      type: 'DirectDrugTest',
      testId: test,
      dueAt: '2026-02-09T10:00:00.000Z',
      directedBy: 'TREATMENT_DIRECTOR',
    });
    h.ok({
      type: 'RecordSample',
      testId: test,
      status: 'COLLECTED',
      sampleType: 'URINE',
      method: 'LAB_SCREEN',
    });
    const byProvider = h.ok({
      type: 'RecordTestResult',
      testId: test,
      substances: [{ substance: 'OPIATES', result: 'NEGATIVE' }],
      recordedByRole: 'provider',
    });
    expect(h.types(byProvider)).toContain('ResultCommunicatedToResponsibleOfficer');
    expect(h.view.drugTests[0]).toMatchObject({
      outcome: 'ALL_NEGATIVE',
      resultKnownToResponsibleOfficer: true,
    });
    const second = idNumber(6);
    h.ok({
      type: 'DirectDrugTest',
      testId: second,
      dueAt: '2026-02-10T10:00:00.000Z',
      directedBy: 'RESPONSIBLE_OFFICER',
    });
    h.ok({
      type: 'RecordSample',
      testId: second,
      status: 'COLLECTED',
      sampleType: 'ORAL_FLUID',
      method: 'POINT_OF_CARE_SCREEN',
    });
    const byRo = h.ok({
      type: 'RecordTestResult',
      testId: second,
      substances: [{ substance: 'COCAINE', result: 'NEGATIVE' }],
      recordedByRole: 'probation',
    });
    expect(h.types(byRo)).toEqual(['TestResultRecorded']);
    expect(h.view.drugTests[1]).toMatchObject({ resultKnownToResponsibleOfficer: true });
    const atr = inTreatment(atrImposition());
    expect(
      atr.refused({
        type: 'DirectDrugTest',
        testId: test,
        dueAt: '2026-02-09T10:00:00.000Z',
        directedBy: 'RESPONSIBLE_OFFICER',
      }),
    ).toMatchObject({ code: 'drug-tests-only-for-drr', kind: 'RULE_VIOLATION' });
  });

  it('R23: a positive result alone never raises an incident; a refused or missed sample does', () => {
    const h = inTreatment(drrImposition());
    const positive = idNumber(5);
    h.ok({
      type: 'DirectDrugTest',
      testId: positive,
      dueAt: '2026-02-09T10:00:00.000Z',
      directedBy: 'RESPONSIBLE_OFFICER',
    });
    h.ok({
      type: 'RecordSample',
      testId: positive,
      status: 'COLLECTED',
      sampleType: 'ORAL_FLUID',
      method: 'POINT_OF_CARE_SCREEN',
    });
    const events = h.ok({
      type: 'RecordTestResult',
      testId: positive,
      substances: [
        { substance: 'COCAINE', result: 'POSITIVE' },
        { substance: 'METHADONE', result: 'POSITIVE_PRESCRIBED' },
      ],
      recordedByRole: 'provider',
    });
    expect(events.flatMap(orderMessagesFor)).toEqual([]);
    expect(h.view.incidents).toEqual([]);
    const missed = idNumber(6);
    h.ok({
      type: 'DirectDrugTest',
      testId: missed,
      dueAt: '2026-02-12T10:00:00.000Z',
      directedBy: 'RESPONSIBLE_OFFICER',
    });
    expect(h.refused({ type: 'RecordSample', testId: missed, status: 'DID_NOT_ATTEND' })).toMatchObject({
      code: 'test-not-yet-due',
    });
    h.at('2026-02-12T16:00:00.000Z');
    const dna = h.ok({ type: 'RecordSample', testId: missed, status: 'DID_NOT_ATTEND' });
    expect(dna.flatMap(orderMessagesFor)).toEqual([
      expect.objectContaining({ kind: 'IncidentRaised', source: 'MISSED_TEST', subjectId: missed }),
    ]);
    const refused = idNumber(7);
    h.ok({
      type: 'DirectDrugTest',
      testId: refused,
      dueAt: '2026-02-13T10:00:00.000Z',
      directedBy: 'RESPONSIBLE_OFFICER',
    });
    expect(h.types(h.ok({ type: 'RecordSample', testId: refused, status: 'REFUSED' }))).toEqual([
      'SampleRecorded',
      'IncidentRaised',
    ]);
    expect(h.view.progress.testsByOutcome).toEqual({ POSITIVE_UNEXPLAINED: 1, NOT_PROVIDED: 1, REFUSED: 1 });
  });

  it('R30: the testing floor is two a week for 16 weeks and one a week after, one a week when resident', () => {
    const h = inTreatment(drrImposition());
    const week = (n: number) => h.view.testing[n - 1]!;
    expect(week(1)).toMatchObject({ from: '2026-02-02', to: '2026-02-08', required: 2, directed: 0 });
    expect(week(16).required).toBe(2);
    expect(week(17).required).toBe(1);
    h.ok({
      type: 'DirectDrugTest',
      testId: idNumber(5),
      dueAt: '2026-02-09T10:00:00.000Z',
      directedBy: 'RESPONSIBLE_OFFICER',
    });
    h.ok({
      type: 'RecordSample',
      testId: idNumber(5),
      status: 'COLLECTED',
      sampleType: 'URINE',
      method: 'POINT_OF_CARE_SCREEN',
    });
    expect(week(2)).toMatchObject({ directed: 1 });
    expect(week(1)).toMatchObject({ collected: 1 });
    const resident = inTreatment(drrImposition({ mode: 'RESIDENT' }));
    expect(resident.view.testing[0]!.required).toBe(1);
    expect(inTreatment(atrImposition()).view.testing).toEqual([]);
  });
});
