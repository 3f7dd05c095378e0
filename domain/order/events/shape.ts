import { z } from 'zod';
import { InstantSchema } from '../../primitives';

/** Every order event names its type and the instant it happened. */
export const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), at: InstantSchema, ...shape });
