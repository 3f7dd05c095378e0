import type { Role } from '../primitives';

/**
 * What a field is about, and so who may see it (data minimisation). REFERENCE: ids, types, statuses and the
 * dates a thing happened; IDENTITY: the person; TERMS: the order's and requirements' terms and dates, and the
 * assessments that proposed them; CRIMINAL: offences, plea, sentence detail; SCREENING: the assessor's
 * screening of the case; COMPLIANCE: sessions, attendance, tests, reviews, absences; ENFORCEMENT: warnings,
 * referrals, breach proceedings and the order's compliance counts; CLINICAL: a clinician's own notes.
 */
export type FieldClass =
  'REFERENCE' | 'IDENTITY' | 'TERMS' | 'CRIMINAL' | 'SCREENING' | 'COMPLIANCE' | 'ENFORCEMENT' | 'CLINICAL';

const EVERYONE = ['REFERENCE', 'IDENTITY', 'TERMS'] as const;

/** The classes each role is shown; anything else, and any field nobody has classified, is withheld. */
export const SHOWN: Record<Role, ReadonlySet<FieldClass>> = {
  'court-assessor': new Set([...EVERYONE, 'CRIMINAL', 'SCREENING']),
  court: new Set([...EVERYONE, 'CRIMINAL', 'SCREENING', 'COMPLIANCE', 'ENFORCEMENT']),
  provider: new Set([...EVERYONE, 'COMPLIANCE', 'CLINICAL']),
  probation: new Set([...EVERYONE, 'CRIMINAL', 'SCREENING', 'COMPLIANCE', 'ENFORCEMENT', 'CLINICAL']),
  enforcement: new Set([...EVERYONE, 'CRIMINAL', 'COMPLIANCE', 'ENFORCEMENT']),
  // Aggregates only: never a field of a person or a case.
  commissioner: new Set(),
  // The subject access export: everything held about the person who asked (DPA 2018 s.45).
  'data-protection': new Set([...EVERYONE, 'CRIMINAL', 'SCREENING', 'COMPLIANCE', 'ENFORCEMENT', 'CLINICAL']),
};
