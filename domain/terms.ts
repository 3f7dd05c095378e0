import { everyOf } from './core';
import type { RequirementTerms } from './links';

const TERMS: readonly string[] = everyOf<keyof RequirementTerms>()([
  'mode',
  'periods',
  'treatmentDirector',
  'place',
  'intervals',
  'practitioner',
]);

/** The requirement with new terms: a term the replacement leaves out is gone, not kept from before. */
export function withTermsReplaced<R extends RequirementTerms>(
  requirement: R,
  terms: RequirementTerms,
): Omit<R, keyof RequirementTerms> & RequirementTerms {
  const kept = Object.entries(requirement).filter(([key]) => !TERMS.includes(key));
  return { ...(Object.fromEntries(kept) as Omit<R, keyof RequirementTerms>), ...terms };
}
