import { z } from 'zod';
import { type Instant, instantMs } from './calendar';
import { CaseRole, InstantSchema } from './primitives';

/** Everything with a due time that someone must act on, or that the passage of time changes. */
export const DeadlineKind = z.enum([
  'HEARING_DATE',
  'INDUCTION_DUE',
  'FIRST_APPOINTMENT_DUE',
  'OUTCOME_DUE',
  'ABSENCE_EVIDENCE_WINDOW_ENDS',
  'ABSENCE_DECISION_DUE',
  'LAB_RESULT_DUE',
  'PRACTITIONER_REPORT_APPLICATION_DUE',
  'REVIEW_REPORT_DUE',
  'REVIEW_DATE',
  'BREACH_ACTION_DUE',
  'WARNING_EXPIRES',
  'PERIOD_ENDS',
  'SUPERVISION_PERIOD_ENDS',
  'OPERATIONAL_PERIOD_ENDS',
  'ORDER_ENDS',
]);
export type DeadlineKind = z.infer<typeof DeadlineKind>;

export const DeadlineSchema = z.object({
  kind: DeadlineKind,
  dueAt: InstantSchema,
  /** Who must act (or who is told when it passes). */
  role: CaseRole,
  orderId: z.uuid(),
  requirementId: z.uuid().optional(),
  /** The appointment, test, review, incident or warning it concerns. */
  subjectId: z.string().optional(),
  description: z.string(),
});
export type Deadline = z.infer<typeof DeadlineSchema>;

/** The earliest of the deadlines, for the workflow's one timer. */
export function earliest(deadlines: readonly Deadline[]): Instant | null {
  let next: Instant | null = null;
  for (const d of deadlines) if (next === null || instantMs(d.dueAt) < instantMs(next)) next = d.dueAt;
  return next;
}
