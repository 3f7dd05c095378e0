import { z } from 'zod';
import { SampleStatus, SampleType, TestDirectedBy, TestMethod } from '../../enums';
import { SubstanceFindingSchema } from '../drug-test';
import { InstantSchema, TextSchema } from '../../primitives';
import { onTest } from './ids';

// DRR drug tests: directed, sampled, resulted.

export const DirectDrugTest = z
  .object({
    type: z.literal('DirectDrugTest'),
    ...onTest,
    dueAt: InstantSchema,
    directedBy: TestDirectedBy,
  })
  .strict();

export const RecordSample = z
  .object({
    type: z.literal('RecordSample'),
    ...onTest,
    status: SampleStatus,
    sampleType: SampleType.optional(),
    method: TestMethod.optional(),
  })
  .strict();

export const RecordTestResult = z
  .object({
    type: z.literal('RecordTestResult'),
    ...onTest,
    substances: z.array(SubstanceFindingSchema.strict()).min(1),
    explanation: TextSchema.optional(),
    /** Who recorded it, from the caller's token: anyone but probation must pass it to the RO (R9). */
    recordedByRole: z.enum(['provider', 'probation']),
  })
  .strict();
