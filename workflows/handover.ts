import { patched } from '@temporalio/workflow';
import type { DomainConfig } from '../domain/config';

/**
 * The patch after which a requirement's run hands over to the next one by reference: the next run's state is
 * the aggregate's stored events, folded by the worker before its workflow sees its input (see
 * `activities/handover-codec.ts`). Runs recorded before it hand over with their state, as they did.
 */
export const STATELESS_HANDOVER_PATCH = 'stateless-handover';

/**
 * The patch after which a run names its events by their position in the aggregate (workflows/aggregate.ts):
 * the persist activity names each stored event from its aggregate and position (a retry the same), so a batch
 * sends no ids, and a requirement's batch leaves out the requirement its events name; the messages an event
 * sets off are named after its aggregate and position (see Naming). A requirement's run under it hands over
 * by reference at the shorter SHORT_RUN_EVENTS, as it sends about 100 B a domain event less. Runs recorded
 * before it drew their event ids from the workflow's randomness and replay so; from the first batch it asks
 * the patch at, a running order names its events by position, and a requirement's run shortens its run.
 */
export const POSITIONAL_IDS_PATCH = 'positional-ids';

/**
 * The patch after which a requirement's run hands over by reference at SHORT_RUN_EVENTS rather than 200 events:
 * a query on an evicted workflow replays its run, about 1 ms of CPU a history event (bench/README.md, "Shorter
 * runs"). A run recorded before it replays the longer run; a running one asks it past SHORT_RUN_EVENTS and hands
 * over there once it applies.
 */
export const SHORTER_RUNS_PATCH = 'shorter-runs';

/**
 * The patches a requirement's run asks (aggregate.ts, lifecycle.ts, message-sender.ts), in the order they were
 * added. A reference says how many of them the code that wrote it has (`HandoverReference.patches`); one
 * written before POSITIONAL_IDS_PATCH says nothing and stands for those up to STATELESS_HANDOVER_PATCH.
 */
const PATCHES_IN_ORDER = [
  'law-corrections-2026',
  'small-histories',
  'small-result',
  'messages-acknowledged',
  'rearm-stale-deadline',
  'keep-timer-until-deadline-moves',
  STATELESS_HANDOVER_PATCH,
  POSITIONAL_IDS_PATCH,
  SHORTER_RUNS_PATCH,
];
const PATCHES_OF_AN_EARLY_REFERENCE = PATCHES_IN_ORDER.indexOf(STATELESS_HANDOVER_PATCH) + 1;

/** What a reference this code writes says: every patch of PATCHES_IN_ORDER applies to the run it starts. */
export const PATCHES_HANDED_OVER = PATCHES_IN_ORDER.length;

/**
 * Whether a patch applies to this run. A run that began from a reference was started by code that has the
 * patches its reference names, and is replayed only by such code: it takes them as applied without recording
 * each again (a marker and a search attribute update per patch and run, about 240 B each, 12 B a domain event
 * at 200-event runs). Patches added later are asked as usual.
 */
export class RunPatches {
  private readonly taken: ReadonlySet<string>;

  /** `handedOver`: the run began from a reference, which named this many of PATCHES_IN_ORDER (or none). */
  constructor(handedOver?: { patches?: number }) {
    const count = handedOver ? (handedOver.patches ?? PATCHES_OF_AN_EARLY_REFERENCE) : 0;
    this.taken = new Set(PATCHES_IN_ORDER.slice(0, count));
  }

  applies(patchId: string): boolean {
    return this.taken.has(patchId) || patched(patchId);
  }
}

/**
 * The history events after which a requirement's run hands over, under STATELESS_HANDOVER_PATCH: a query on
 * an evicted workflow replays its run, about 1 ms of CPU a history event. Each hand-over writes about 1.3 KB of
 * history, so each shortening came with bytes saved elsewhere to keep the 15-month DRR within 1,536 B a domain
 * event: runs before POSITIONAL_IDS_PATCH hand over at SHORT_RUN_EVENTS_BEFORE_POSITIONAL_IDS, then at the
 * length of the latest patch in RUN_LENGTHS that applies to the run (bench/README.md, "Short runs handed over
 * by reference", "Events named by position", "Shorter runs").
 */
export const SHORT_RUN_EVENTS = 100;
export const SHORT_RUN_EVENTS_BEFORE_POSITIONAL_IDS = 400;

/** The run lengths each patch brought, the latest (shortest) first. */
export const RUN_LENGTHS: readonly { events: number; patch: string }[] = [
  { events: SHORT_RUN_EVENTS, patch: SHORTER_RUNS_PATCH },
  { events: 200, patch: POSITIONAL_IDS_PATCH },
];

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
  /** How many of the patches in order the code that wrote it has (see RunPatches); absent before positional ids. */
  patches?: number;
}

/** A requirement workflow's input that names its state instead of holding it. */
export interface HandedOver {
  handover: HandoverReference;
}
