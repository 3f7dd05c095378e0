import { patched } from '@temporalio/workflow';
import type { DomainConfig } from '../domain/config';

/**
 * The patch after which a requirement's run hands over to the next one by reference: the next run's state is
 * the aggregate's stored events, folded by the worker before its workflow sees its input (see
 * `activities/handover-codec.ts`). Runs recorded before it hand over with their state, as they did.
 */
export const STATELESS_HANDOVER_PATCH = 'stateless-handover';

/**
 * The patches a requirement's run asks (aggregate.ts, lifecycle.ts, message-sender.ts), up to and including
 * STATELESS_HANDOVER_PATCH.
 */
const PATCHES_OF_A_HANDED_OVER_RUN: ReadonlySet<string> = new Set([
  'law-corrections-2026',
  'small-histories',
  'small-result',
  'messages-acknowledged',
  'rearm-stale-deadline',
  'keep-timer-until-deadline-moves',
  STATELESS_HANDOVER_PATCH,
]);

/**
 * Whether a patch applies to this run. A run that began from a reference was started by code that has every
 * patch of PATCHES_OF_A_HANDED_OVER_RUN, and is replayed only by such code: it takes them as applied without
 * recording each again (a marker and a search attribute update per patch and run, about 50 B a domain event
 * at 200-event runs). Patches added later are asked as usual.
 */
export class RunPatches {
  constructor(private readonly beganFromReference = false) {}

  applies(patchId: string): boolean {
    return (this.beganFromReference && PATCHES_OF_A_HANDED_OVER_RUN.has(patchId)) || patched(patchId);
  }
}

/**
 * The history events after which a requirement's run hands over, under STATELESS_HANDOVER_PATCH: a query on
 * an evicted workflow replays its run. Each hand-over writes about 1.3 KB of history: at 400-event runs the
 * 15-month DRR stays within 1,536 B a domain event, at 200 (whose replay meets 150 ms) it does not yet
 * (bench/README.md, "Short runs handed over by reference").
 */
export const SHORT_RUN_EVENTS = 400;

/**
 * What a requirement's run hands to the next one: where its state is stored and how much of it, the ids it
 * must still recognise, and the settings it was given.
 */
export interface HandoverReference {
  requirementId: string;
  /** How many of the requirement's stored events make its state. */
  version: number;
  /** The command and message ids seen in the last 7 days, and when (epoch ms), index for index. */
  recentIds: string[];
  recentSeenAt: number[];
  config?: Partial<DomainConfig>;
  historyLimit?: number;
}

/** A requirement workflow's input that names its state instead of holding it. */
export interface HandedOver {
  handover: HandoverReference;
}
