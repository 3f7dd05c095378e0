import { IdSchema } from '../../primitives';

/** The ids a command takes from its path: the requirement, and the item within it. */
export const onRequirement = { requirementId: IdSchema };
export const onAppointment = { ...onRequirement, appointmentId: IdSchema };
export const onTest = { ...onRequirement, testId: IdSchema };
export const onReview = { ...onRequirement, reviewId: IdSchema };
