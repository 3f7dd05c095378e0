import { z } from 'zod';
import { LocalDateSchema, MAX_TEXT_LENGTH, NameSchema } from '../../primitives';
import { onRequirement } from './ids';

// Treatment: clinical completion, admission and discharge, a change of treatment place.

export const RecordClinicalCompletion = z
  .object({
    type: z.literal('RecordClinicalCompletion'),
    ...onRequirement,
    notes: z.string().max(MAX_TEXT_LENGTH).optional(),
  })
  .strict();

export const RecordAdmission = z
  .object({ type: z.literal('RecordAdmission'), ...onRequirement, admittedOn: LocalDateSchema })
  .strict();

export const RecordDischarge = z
  .object({ type: z.literal('RecordDischarge'), ...onRequirement, dischargedOn: LocalDateSchema })
  .strict();

export const ChangeTreatmentPlace = z
  .object({
    type: z.literal('ChangeTreatmentPlace'),
    ...onRequirement,
    newPlace: NameSchema,
    underPractitioner: NameSchema,
    offenderConsented: z.boolean(),
  })
  .strict();
