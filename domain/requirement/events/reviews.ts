import { z } from 'zod';
import { ReviewMode, ReviewOutcome, TestOutcome } from '../../enums';
import { IdSchema, LocalDateSchema } from '../../primitives';
import { event } from './shape';

// DRR court reviews.

export const ReviewScheduled = event('ReviewScheduled', {
  reviewId: IdSchema,
  date: LocalDateSchema,
  mode: ReviewMode,
  offenderMustAttend: z.boolean(),
});

export const ProviderViewsSubmitted = event('ProviderViewsSubmitted', {
  reviewId: IdSchema,
  views: z.string(),
});

export const ReviewReportSubmitted = event('ReviewReportSubmitted', {
  reviewId: IdSchema,
  progress: z.enum(['SATISFACTORY', 'UNSATISFACTORY']),
  recommendation: z.string(),
  providerViews: z.string(),
  testResults: z.array(z.object({ testId: IdSchema, outcome: TestOutcome.nullable() })),
});

export const ReviewHeld = event('ReviewHeld', {
  reviewId: IdSchema,
  outcome: ReviewOutcome,
  attended: z.boolean(),
  nextMode: ReviewMode,
});

export const ReviewAdjourned = event('ReviewAdjourned', { reviewId: IdSchema, date: LocalDateSchema });

export const OrderRevokedAtReview = event('OrderRevokedAtReview', {
  reviewId: IdSchema,
  revokedOn: LocalDateSchema,
});
