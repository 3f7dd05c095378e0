import { z } from 'zod';
import { SampleStatus, SampleType, Substance, SubstanceResult, TestMethod } from '../enums';

// A DRR drug test's sample and results, in the one shape its commands, events and state share.

/** One substance the test looked for, and what it found. */
export const SubstanceFindingSchema = z.object({ substance: Substance, result: SubstanceResult });
export type SubstanceFinding = z.infer<typeof SubstanceFindingSchema>;

/** The sample as recorded: obtained or why not, and its type and the test method where known. */
export const SampleSchema = z.object({
  status: SampleStatus,
  sampleType: SampleType.nullable(),
  method: TestMethod.nullable(),
});
export type Sample = z.infer<typeof SampleSchema>;
