import { z } from 'zod';
import { Role } from '../../domain/primitives';
import { flag, id, instant, text } from './fields';

/** A deadline as every read shows it (api/reads/queries/deadlines.ts `deadlineJson`). */
export const Deadline = z
  .strictObject({
    kind: text('What is due.'),
    dueAt: instant('When'),
    overdue: flag('Whether its due time has passed on the engine’s clock.'),
    role: Role.describe('Whose action it is.'),
    orderId: id('The order it concerns.'),
    requirementId: id('The requirement it concerns; null for the order itself.').nullable(),
    subjectId: text('What it concerns: an appointment, test, review, incident or warning.').nullable(),
    description: text('What is due, in words.'),
  })
  .describe('Something a party must do, and when.');
