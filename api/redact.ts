import type { Role } from '../domain/primitives';

/**
 * Field minimisation by role (domain.md §11.2): what each party may not see, removed wherever it appears.
 * A provider never sees offence details or enforcement internals; a court never sees clinical notes; an
 * assessor, once the case is sentenced, sees neither sessions nor test results (its own screening notes it does).
 */
const HIDDEN: Record<Role, ReadonlySet<string>> = {
  provider: new Set(['offences', 'referrals', 'proceedings']),
  court: new Set(['notes', 'narrative', 'sessionNotes']),
  'court-assessor': new Set([
    'appointments',
    'narrative',
    'drugTests',
    'substances',
    'testResults',
    'providerViews',
  ]),
  probation: new Set(),
  enforcement: new Set(['notes', 'narrative']),
};

function without(value: unknown, hidden: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => without(v, hidden));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !hidden.has(k))
      .map(([k, v]) => [k, without(v, hidden)]),
  );
}

export function redactFor<T>(role: Role, value: T): T {
  const hidden = HIDDEN[role];
  return hidden.size === 0 ? value : (without(value, hidden) as T);
}
