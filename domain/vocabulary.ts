// The few enumerations the rules test values against, as plain constants: the workflows run the rules and do
// not load zod (issue 15). enums.ts builds its schemas from these.

export const MHTR_MODES = ['IN_PATIENT', 'INSTITUTION_OUTPATIENT', 'PRACTITIONER_BASED'] as const;
export const DRR_MODES = ['RESIDENT', 'NON_RESIDENT'] as const;
export const ATR_MODES = ['RESIDENT', 'INSTITUTION_BASED', 'PRACTITIONER_BASED'] as const;

export const CO_BREACH_OUTCOMES = [
  'FINE',
  'MORE_ONEROUS_REQUIREMENTS',
  'EXTEND_END_DATE',
  'ADD_CURFEW',
  'ADD_UNPAID_WORK',
  'REVOKE_AND_RESENTENCE',
  'REVOKE_AND_RESENTENCE_CUSTODY',
  'COMMIT_TO_CROWN_COURT',
  'COMMITTAL_TO_CUSTODY',
] as const;
export const SSO_BREACH_OUTCOMES = [
  'ACTIVATE_FULL',
  'ACTIVATE_REDUCED_TERM',
  'FINE',
  'MORE_ONEROUS_REQUIREMENTS',
  'EXTEND_SUPERVISION_PERIOD',
  'EXTEND_OPERATIONAL_PERIOD',
] as const;

/** Whether a value is one of a vocabulary's. */
export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return (values as readonly unknown[]).includes(value);
}
