import type { DomainConfig } from './config';

/**
 * How a refused command maps to HTTP later: a state conflict (409: "not now, in this state"), a rule
 * violation (422: "never like this"), or a reference to something that does not exist here (404).
 */
export type RejectionKind = 'STATE_CONFLICT' | 'RULE_VIOLATION' | 'NOT_FOUND';

export interface Rejection {
  /** Stable, kebab-case, prefixed with the rule it enforces where there is one: `r15-warning-already-live`. */
  code: string;
  kind: RejectionKind;
  message: string;
  /** JSON pointer into the command, e.g. `/review/firstReviewDate`. */
  field?: string;
}

/** A command refused: what a decision is when the rules say no. */
export type Refusal = { ok: false; rejection: Rejection };

export type Decision<E> = { ok: true; events: E[] } | Refusal;

/** What the caller supplies so that deciding stays pure: the time, fresh ids, and the configured defaults. */
export interface DecideContext {
  /** An instant, ISO 8601 in UTC (`2026-11-23T10:15:00.000Z`). */
  now: string;
  newId: () => string;
  config: DomainConfig;
}

export function accept<E>(...events: E[]): Decision<E> {
  return { ok: true, events };
}

function refusal(code: string, kind: RejectionKind, message: string, field?: string): Refusal {
  return {
    ok: false,
    rejection: field === undefined ? { code, kind, message } : { code, kind, message, field },
  };
}

/** "Never like this" (422). */
export function ruleViolation(code: string, message: string, field?: string): Refusal {
  return refusal(code, 'RULE_VIOLATION', message, field);
}

/** "Not now, in this state" (409). */
export function stateConflict(code: string, message: string, field?: string): Refusal {
  return refusal(code, 'STATE_CONFLICT', message, field);
}

/** The command names something that does not exist here (404). */
export function notFound(code: string, message: string, field: string): Refusal {
  return refusal(code, 'NOT_FOUND', message, field);
}

/** Refuses with a rejection of one part of the command, its pointer prefixed with where that part is. */
export function refuseWithin(prefix: string, rejection: Rejection): Refusal {
  return { ok: false, rejection: { ...rejection, field: `${prefix}${rejection.field ?? ''}` } };
}

/**
 * A decision about the one thing a command names (a referral, an incident, a review): `find` refuses when
 * there is no such thing in a state to be acted on, and `decide` decides with the thing it found.
 */
export function given<S, C, T extends object, E>(
  find: (state: S, command: C) => T | Refusal,
  decide: (found: T, state: S, command: C, ctx: DecideContext) => Decision<E>,
): (state: S, command: C, ctx: DecideContext) => Decision<E> {
  return (state, command, ctx) => {
    const found = find(state, command);
    return isRefusal(found) ? found : decide(found, state, command, ctx);
  };
}

function isRefusal<T extends object>(found: T | Refusal): found is Refusal {
  return 'ok' in found && found.ok === false;
}

/**
 * A list naming every member of a union of string literals: one left out fails to compile, as does one not
 * in the union. Plain constants where the union comes from a schema, for code that must not load zod (the
 * workflows).
 */
export function everyOf<T extends string>() {
  return <const L extends readonly T[]>(
    list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : never),
  ) => list;
}

/** Folds events into state: state is always a fold of its events. */
export function foldEvents<S, E>(evolve: (state: S, event: E) => S, initial: S, events: readonly E[]): S {
  return events.reduce(evolve, initial);
}
