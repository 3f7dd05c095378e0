import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../domain/config';
import { caseProgress } from '../../domain/progress';
import { communityOrder, unacceptableFailure } from './order/fixtures';
import { drrImposition } from './requirement/fixtures';
import { attend, book, inTreatment } from './requirement/steps';

describe('the progress summary a responsible officer reads', () => {
  it('derives attendance, absences, live warnings, next review and what is overdue from state', () => {
    const order = communityOrder();
    const incidentId = unacceptableFailure(order, 1, '2026-05-04');
    order.on('2026-05-05').do({ type: 'GiveWarning', incidentId, givenOn: '2026-05-05' });

    const drr = inTreatment(drrImposition()); // one session attended
    attend(drr, '2026-02-09T10:00:00.000Z');
    const missed = book(drr, '2026-02-16T10:00:00.000Z');
    drr
      .at('2026-02-16T12:00:00.000Z')
      .ok({ type: 'RecordOutcome', appointmentId: missed, sessionHappened: false, attended: 'NO' });
    const raised = drr.events.find((e) => e.type === 'IncidentRaised');
    expect(raised).toBeDefined();
    drr.at('2026-02-17T09:00:00.000Z').ok({
      type: 'ApplyOrderMessage',
      message: {
        kind: 'IncidentDecided',
        incidentId: (raised as { incidentId: string }).incidentId,
        subjectId: missed,
        decision: 'UNACCEPTABLE',
      },
    });
    const unrecorded = book(drr, '2026-02-23T10:00:00.000Z');

    const progress = caseProgress(order.state, [drr.state], '2026-05-06T09:00:00.000Z', DEFAULT_CONFIG);
    expect(progress.attendanceRate).toBeCloseTo(2 / 3);
    expect(progress.unacceptableAbsences).toBe(1);
    expect(progress.acceptableAbsences).toBe(0);
    expect(progress.warningsLive).toHaveLength(1);
    expect(progress.failuresToComply).toBe(1);
    expect(progress.requirements[0]?.type).toBe('DRR');
    expect(progress.overdue.some((d) => d.kind === 'OUTCOME_DUE' && d.subjectId === unrecorded)).toBe(true);
    expect(progress.dueNext.every((d) => d.dueAt > '2026-05-06T09:00:00.000Z')).toBe(true);

    const aYearOn = caseProgress(order.state, [drr.state], '2027-05-06T09:00:00.000Z', DEFAULT_CONFIG);
    expect(aYearOn.warningsLive).toHaveLength(0);
  });
});
