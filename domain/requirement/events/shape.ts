import { z } from 'zod';
import { IdSchema, InstantSchema } from '../../primitives';

/** Every event names its requirement and the instant it happened. */
const base = { requirementId: IdSchema, at: InstantSchema };
export const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), ...base, ...shape });
/** Events produced by the passage of time carry the key of the timer that fired, so it fires once. */
export const timerEvent = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  event(type, { timer: z.string(), ...shape });

export const WithdrawnSchema = z.object({
  appointmentIds: z.array(IdSchema),
  testIds: z.array(IdSchema),
  reviewIds: z.array(IdSchema),
});
export type Withdrawn = z.infer<typeof WithdrawnSchema>;
