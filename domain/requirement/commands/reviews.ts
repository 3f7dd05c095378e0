import { z } from 'zod';
import { ReviewOutcome } from '../../enums';
import { LocalDateSchema, TextSchema } from '../../primitives';
import { onReview } from './ids';

// DRR court reviews: the provider's views, the responsible officer's report, the court's outcome.

export const SubmitProviderViews = z
  .object({ type: z.literal('SubmitProviderViews'), ...onReview, views: TextSchema })
  .strict();

export const SubmitReviewReport = z
  .object({
    type: z.literal('SubmitReviewReport'),
    ...onReview,
    progress: z.enum(['SATISFACTORY', 'UNSATISFACTORY']),
    recommendation: TextSchema,
  })
  .strict();

export const RecordReviewOutcome = z
  .object({
    type: z.literal('RecordReviewOutcome'),
    ...onReview,
    outcome: ReviewOutcome,
    attended: z.boolean(),
    nextReviewDate: LocalDateSchema.optional(),
  })
  .strict();
