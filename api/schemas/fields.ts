import { z } from 'zod';
import { IdSchema, InstantSchema, LocalDateSchema } from '../../domain/primitives';

// The building blocks of the response schemas. A view is disclosed per role: a field the role may not see is
// absent, so the fields of a disclosed object are optional unless every role sees them.

export const id = (description: string) => IdSchema.describe(description);
export const date = (description: string) => LocalDateSchema.describe(`${description} (YYYY-MM-DD)`);
export const instant = (description: string) => InstantSchema.describe(`${description} (ISO 8601, UTC)`);
export const text = (description: string) => z.string().describe(description);
export const count = (description: string) => z.number().int().describe(description);
export const flag = (description: string) => z.boolean().describe(description);

export const Period = z
  .strictObject({ start: date('The first day'), end: date('The last day') })
  .describe('A treatment period.');

/** An object whose every field may be withheld from the caller's role. */
export const disclosed = <S extends z.ZodRawShape>(shape: S) => z.strictObject(shape).partial();

/** An absence's standing with the responsible officer, for a missed appointment, test or hearing. */
export const Absence = z
  .enum(['PENDING_EVIDENCE', 'ABSENCE_PENDING_DECISION', 'ACCEPTABLE_ABSENCE', 'UNACCEPTABLE_ABSENCE'])
  .nullable()
  .describe('Where a missed appointment, test or hearing stands with the responsible officer; null if none.');
