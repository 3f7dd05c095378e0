import { type Payload, type PayloadCodec, defaultPayloadConverter } from '@temporalio/common';
import type { Kysely } from 'kysely';
import type { RequirementEvent } from '../domain/requirement';
import { foldRequirement } from '../domain/requirement/evolve';
import { initialRequirementState, isImposed } from '../domain/requirement/state';
import type { Database } from '../db/schema';
import type { HandedOver } from '../workflows/handover';
import { isHandoverPayload } from '../workflows/payload-converter';
import type { RequirementWorkflowInput } from '../workflows/requirement';
import { storedRequirementEvents } from './rebuild';

/** A requirement's first `version` stored events (fewer when fewer are stored). */
export type StoredEvents = (requirementId: string, version: number) => Promise<RequirementEvent[]>;

/** The stored events as Postgres holds them. */
export function postgresEvents(db: Kysely<Database>): StoredEvents {
  return (requirementId, version) => storedRequirementEvents(db, requirementId, version);
}

/** The error a reference fails its workflow task with (the task is retried): the store is behind it. */
export class HandoverNotStored extends Error {
  override name = 'HandoverNotStored';
}

/** The requirement workflow's input a reference stands for: its state folded from the stored events. */
async function inputFor(payload: Payload, read: StoredEvents): Promise<Payload> {
  const { handover } = JSON.parse(Buffer.from(payload.data ?? []).toString('utf8')) as HandedOver;
  const { requirementId, version, recentIds, recentSeenAt, config, historyLimit, patches } = handover;
  const events = await read(requirementId, version);
  // Never a shorter past: the run that handed over had every one of its events persisted first.
  if (events.length < version)
    throw new HandoverNotStored(
      `requirement ${requirementId} has ${events.length} stored events; its hand-over needs ${version}`,
    );
  const state = foldRequirement(initialRequirementState, events);
  if (!isImposed(state)) throw new HandoverNotStored(`requirement ${requirementId} is not imposed`);
  const input: RequirementWorkflowInput = {
    imposition: state.imposition,
    config,
    historyLimit,
    carried: { state, version, recentIds, recentSeenAt, fromReference: true, patches },
  };
  return defaultPayloadConverter.toPayload(input);
}

/**
 * The worker's codec for hand-over references (workflows/handover.ts): a requirement run's input that names
 * its stored events is decoded, before the workflow sees it, into the input with the state those events
 * fold to; a replay decodes it again to the same state. Everything else passes as it is.
 */
export function handoverCodec(read: StoredEvents): PayloadCodec {
  return {
    encode: (payloads) => Promise.resolve(payloads),
    decode: (payloads) =>
      payloads.some(isHandoverPayload)
        ? Promise.all(payloads.map((p) => (isHandoverPayload(p) ? inputFor(p, read) : Promise.resolve(p))))
        : Promise.resolve(payloads),
  };
}
