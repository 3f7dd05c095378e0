import { instantMs, londonDate } from './calendar';
import type { DomainConfig } from './config';
import type { Deadline } from './deadlines';
import { type OrderState, failuresToComply, orderDeadlines } from './order';
import { type RequirementState, requirementDeadlines, requirementView } from './requirement';

/**
 * The progress summary a responsible officer reads for one order: attendance and absences per requirement,
 * warnings in force, drug tests by result over time, the next review, and what is overdue — derived from the
 * order's and its requirements' state at `now`.
 */
export function caseProgress(
  order: OrderState,
  requirements: readonly RequirementState[],
  now: string,
  config: DomainConfig,
) {
  const today = londonDate(now);
  const deadlines: Deadline[] = [
    ...orderDeadlines(order, config),
    ...requirements.flatMap((r) => requirementDeadlines(r, config)),
  ].sort((a, b) => instantMs(a.dueAt) - instantMs(b.dueAt));
  const perRequirement = requirements.flatMap((r) => {
    const view = requirementView(r, config);
    return view.status === 'NOT_IMPOSED'
      ? []
      : [
          {
            requirementId: view.requirementId,
            type: view.type,
            status: view.displayStatus,
            ...view.progress,
          },
        ];
  });
  const attended = perRequirement.reduce((n, r) => n + r.attended, 0);
  const notExcused = perRequirement.reduce((n, r) => n + r.failedToAttend - r.acceptableAbsences, 0);
  return {
    orderId: order.orderId,
    status: order.status,
    attendanceRate: attended + notExcused === 0 ? null : attended / (attended + notExcused),
    acceptableAbsences: perRequirement.reduce((n, r) => n + r.acceptableAbsences, 0),
    unacceptableAbsences: perRequirement.reduce((n, r) => n + r.unacceptableAbsences, 0),
    warningsLive: order.compliance.warnings.filter(
      (w) => !w.expired && w.givenOn <= today && today < w.expiresOn,
    ),
    failuresToComply: failuresToComply(order),
    requirements: perRequirement,
    nextReview:
      perRequirement
        .map((r) => r.nextReview)
        .filter((r) => r !== null)
        .sort((a, b) => a.date.localeCompare(b.date))[0] ?? null,
    overdue: deadlines.filter((d) => instantMs(d.dueAt) <= instantMs(now)),
    dueNext: deadlines.filter((d) => instantMs(d.dueAt) > instantMs(now)).slice(0, 10),
  };
}
