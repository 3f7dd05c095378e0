import { z } from 'zod';
import { PractitionerOpinion } from '../../enums';
import { OrderToRequirementSchema, RequirementImpositionSchema } from '../../links';
import { CodeSchema, LocalDateSchema, NameSchema, TextSchema } from '../../primitives';
import { onRequirement } from './ids';

// Imposition, referral, allocation, the practitioner's report to the court (R24), and the order's messages.

export const Impose = z
  .object({ type: z.literal('Impose'), imposition: RequirementImpositionSchema })
  .strict();

export const ReferToProvider = z
  .object({ type: z.literal('ReferToProvider'), ...onRequirement, providerOrgId: CodeSchema })
  .strict();

export const RecordAcceptance = z
  .object({
    type: z.literal('RecordAcceptance'),
    ...onRequirement,
    accepted: z.boolean(),
    reason: TextSchema.optional(),
  })
  .strict();

export const AllocatePractitioner = z
  .object({ type: z.literal('AllocatePractitioner'), ...onRequirement, name: NameSchema, role: NameSchema })
  .strict();

export const SubmitPractitionerReport = z
  .object({
    type: z.literal('SubmitPractitionerReport'),
    ...onRequirement,
    opinion: PractitionerOpinion,
    narrative: TextSchema,
  })
  .strict();

export const RecordApplicationToCourt = z
  .object({ type: z.literal('RecordApplicationToCourt'), ...onRequirement, appliedOn: LocalDateSchema })
  .strict();

export const RecordApplicationRefused = z
  .object({ type: z.literal('RecordApplicationRefused'), ...onRequirement })
  .strict();

export const ApplyOrderMessage = z
  .object({ type: z.literal('ApplyOrderMessage'), ...onRequirement, message: OrderToRequirementSchema })
  .strict();
