import { z } from 'zod';

/** `YYYY-MM-DD`. */
export const LocalDateSchema = z.iso.date();
/** ISO 8601 with an offset; stored and compared in UTC. */
export const InstantSchema = z.iso.datetime({ offset: true });
export const IdSchema = z.uuid();

export const Role = z.enum(['court-assessor', 'court', 'provider', 'probation', 'enforcement']);
export type Role = z.infer<typeof Role>;

export const PeriodSchema = z.object({ start: LocalDateSchema, end: LocalDateSchema });
export type Period = z.infer<typeof PeriodSchema>;
