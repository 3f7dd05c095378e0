import { ApplicationFailure, log, uuid4, workflowInfo } from '@temporalio/workflow';
import { type DomainConfig, configOverrides } from '../domain/config';
import type { DecideContext, Decision, Rejection } from '../domain/core';
import type { Deadline } from '../domain/deadlines';
import { type Actor, type EventRecord, type LeftOut, type SentRecord, sentRecord } from '../domain/records';
import type { Answer, CommandInput } from './messages';
import { POSITIONAL_IDS_PATCH, RunPatches } from './handover';
import { MessageSender } from './message-sender';

/** The pure rules of one aggregate, as the domain exports them. */
export interface AggregateRules<S, C, E, V> {
  decide(state: S, command: C, ctx: DecideContext): Decision<E>;
  evolve(state: S, event: E): S;
  tick(state: S, ctx: DecideContext): E[];
  nextTimer(state: S, config: DomainConfig): string | null;
  deadlines(state: S, config: DomainConfig): Deadline[];
  view(state: S, config: DomainConfig): V;
  isTerminal(state: S): boolean;
}

/**
 * What the persist activity is given: the batch's events, and the settings it cannot know. Runs that began
 * before SMALL_HISTORIES_PATCH send the view and deadlines too, as they always did.
 */
export interface Batch<E, V> {
  version: number;
  records: SentRecord<E & { type: string }>[];
  config?: Partial<DomainConfig>;
  view?: V;
  deadlines?: Deadline[];
}

/** What a run hands to the next one when it continues as new. */
export interface Carried<S> {
  state: S;
  version: number;
  recentIds: string[];
  /** When each of recentIds was seen (epoch ms), index for index; runs carried before it count as now. */
  recentSeenAt?: number[];
  /** Set by the worker's hand-over codec: the run began from a reference (see RunPatches). */
  fromReference?: true;
  /** Set by the codec too: the patches the reference names (HandoverReference.patches). */
  patches?: number;
}

/**
 * The patch marking decisions taken under the corrected law (domain.md §16). A history recorded before it
 * replays its decisions under the law as it was then; from its first new step on, the run decides under the
 * corrected law.
 */
export const LAW_CORRECTIONS_PATCH = 'law-corrections-2026';
/**
 * The patch that keeps histories small: batches carry their events, not the view and deadlines, and an
 * Update whose view is larger than ANSWERED_INLINE_UP_TO answers with the version it is stored at.
 */
export const SMALL_HISTORIES_PATCH = 'small-histories';
/** The patch after which a run ends with the version its events are stored at, not with its whole view. */
export const SMALL_RESULT_PATCH = 'small-result';
/** The largest view (JSON characters) an Update answers with: an order or a requirement in its first steps. */
const ANSWERED_INLINE_UP_TO = 2_048;
/**
 * Command and message ids are remembered for 7 days (the API's idempotency window is 24 hours: a retry comes
 * within it) and never fewer than the last 1,000. A busy 3-year DRR sees about 10 ids a week (issue 20).
 */
const RECENT_IDS_KEPT_MS = 7 * 24 * 60 * 60_000;
const RECENT_IDS_KEPT_AT_LEAST = 1_000;
/** Validators must not draw on the workflow's randomness (they do not run on replay): ids are not needed there. */
const VALIDATION_ID = '00000000-0000-4000-8000-000000000000';

export function rejectionFailure(rejection: Rejection): ApplicationFailure {
  return ApplicationFailure.create({
    type: rejection.code,
    message: rejection.message,
    nonRetryable: true,
    details: [rejection],
  });
}

/**
 * How a run names the events it commits under POSITIONAL_IDS_PATCH: `name` and the event's position name the
 * messages it sets off (unique where they are received: the order hears from each of its requirements); a
 * requirement's batches leave its id out of their events.
 */
export interface Naming {
  name: string;
  requirementId?: string;
}

/** An event committed by the aggregate, with the name its messages are named after (its id, before the patch). */
export interface Committed<E> {
  name: string;
  event: E;
}

/**
 * Holds one aggregate inside a workflow: decides commands with the domain, folds the events, persists them
 * in order (one batch at a time) and then runs the batch's effects (messages, children). A command answers
 * once the messages it set off are acknowledged (see MessageSender); the batches never wait for another
 * workflow, so two workflows messaging each other at once cannot hold each other up.
 */
export class AggregateRunner<S, C, E extends { type: string }, V> {
  private state: S;
  private version: number;
  private readonly recent: string[];
  private readonly seenAt: number[];
  private chain: Promise<void> = Promise.resolve();
  /** False once a batch has failed for good: the stored events then fall short of the version. */
  private everyBatchPersisted = true;
  /** Set whenever state changes, so the workflow's loop re-arms its timer. */
  changed = false;
  /** Whether this run decides under the corrected law; see LAW_CORRECTIONS_PATCH. */
  private lawCorrected = false;
  private readonly overrides: Partial<DomainConfig> | undefined;
  /** One object, so that what the rules keep for a settings object (the requirement's next timer) is kept. */
  private readonly configBeforeCorrections: DomainConfig;
  /** Whether this run names its events by position; see POSITIONAL_IDS_PATCH. */
  private positional = false;

  constructor(
    private readonly rules: AggregateRules<S, C, E, V>,
    private readonly config: DomainConfig,
    private readonly naming: Naming,
    carried: Carried<S>,
    private readonly persist: (batch: Batch<E, V>) => Promise<void>,
    private readonly effects: (committed: Committed<E>[]) => Promise<void>,
    private readonly sender = new MessageSender(),
    /** The patches that apply to this run. */
    readonly patches = new RunPatches(),
  ) {
    this.state = carried.state;
    this.version = carried.version;
    this.recent = [...carried.recentIds];
    this.seenAt = carried.recentIds.map((_, n) => carried.recentSeenAt?.[n] ?? Date.now());
    this.overrides = configOverrides(config);
    this.configBeforeCorrections = { ...config, lawBeforeCorrections: true };
  }

  /**
   * The configuration to decide with now. Called only where workflow code may add commands (not in queries
   * or validators): a run replaying history from before the corrections gets `lawBeforeCorrections`.
   */
  private lawConfig(): DomainConfig {
    if (!this.lawCorrected) this.lawCorrected = this.patches.applies(LAW_CORRECTIONS_PATCH);
    return this.lawCorrected ? this.config : this.configBeforeCorrections;
  }

  private ctx(newId: () => string, config = this.lawConfig()): DecideContext {
    return { now: new Date().toISOString(), newId, config };
  }

  /** Validators run only for new updates, never on replay: they decide under the corrected law. */
  validate(input: CommandInput<C>): void {
    if (this.recent.includes(input.commandId)) return;
    const decision = this.rules.decide(
      this.state,
      input.command,
      this.ctx(() => VALIDATION_ID, this.config),
    );
    if (!decision.ok) throw rejectionFailure(decision.rejection);
  }

  /**
   * Applies a command once per id and answers with the view it made (or, when that is large, the version it
   * is stored at); a repeated id answers with the current view. Either answers once what the command changed
   * on the other workflows is persisted too.
   */
  async execute(input: CommandInput<C>): Promise<Answer<V>> {
    if (!this.recent.includes(input.commandId)) {
      const decision = this.rules.decide(this.state, input.command, this.ctx(uuid4));
      if (!decision.ok) throw rejectionFailure(decision.rejection);
      this.remember(input.commandId);
      const own = this.commit(decision.events, input.actor);
      // The answer is the state after this command's own batch, not after batches decided since.
      const answer = this.answer();
      if (own) await own;
      else await this.chain;
      await this.consequences();
      return answer;
    }
    await this.chain;
    await this.consequences();
    return this.answer();
  }

  private answer(): Answer<V> {
    if (!this.smallHistories()) return this.view();
    // A replayed Update's answer reaches no one (it was sent when the Update ran): the view is not worked out.
    if (workflowInfo().unsafe.isReplaying) return { storedVersion: this.version };
    const view = this.view();
    return JSON.stringify(view).length <= ANSWERED_INLINE_UP_TO ? view : { storedVersion: this.version };
  }

  /**
   * What the run ends with. The view is in the projection (a requirement's result also lands in its order's
   * history), so runs since SMALL_RESULT_PATCH end with the version they are stored at.
   */
  result(): Answer<V> {
    return this.patches.applies(SMALL_RESULT_PATCH) ? { storedVersion: this.version } : this.view();
  }

  private smallHistories(): boolean {
    return this.patches.applies(SMALL_HISTORIES_PATCH);
  }

  /** Whether this run names its events by position: asked at each batch until it does, as it then always will. */
  positionalIds(): boolean {
    if (!this.positional) this.positional = this.patches.applies(POSITIONAL_IDS_PATCH);
    return this.positional;
  }

  /**
   * Waits until the messages sent so far are acknowledged, then for this aggregate's batches: a receiver
   * sends what the message made (its end reported back to the order) before its acknowledgement, so those
   * batches hold what came back.
   */
  private async consequences(): Promise<void> {
    if (await this.sender.settled()) await this.chain;
  }

  /**
   * A message from another workflow: applied if the domain accepts it, else logged and dropped. When the
   * sender asks, it is acknowledged once its batch (and every one before) is persisted and has sent its
   * messages on — a message seen before too, once those are.
   */
  async receive(id: string, command: C, actor: Actor, acknowledge?: () => Promise<void>): Promise<void> {
    if (this.recent.includes(id)) {
      if (!acknowledge) return;
    } else {
      this.remember(id);
      const decision = this.rules.decide(this.state, command, this.ctx(uuid4));
      if (decision.ok)
        void this.commit(decision.events, actor); // its failure is logged on the chain
      else log.warn('message not applied', { code: decision.rejection.code });
    }
    await this.chain;
    await acknowledge?.();
  }

  /** A message this aggregate sent has been acknowledged by its receiver. */
  acknowledged(id: string): void {
    this.sender.acknowledged(id);
  }

  /** Turns the deadlines that have passed into events. */
  async tick(actor: Actor): Promise<void> {
    void this.commit(this.rules.tick(this.state, this.ctx(uuid4)), actor);
    await this.chain;
  }

  /**
   * Folds the events and queues their batch: persisted after the batches before it, then its effects run.
   * Answers the batch's own outcome. A batch that fails is logged (ids only) and does not stop the ones
   * after it: the chain goes on, so the aggregate keeps persisting and answering.
   */
  private commit(events: E[], actor: Actor): Promise<void> | null {
    if (events.length === 0) return null;
    const occurredAt = new Date().toISOString();
    const positional = this.smallHistories() && this.positionalIds();
    const first = this.version + 1;
    // Before the patch an event's random id names it; under it, its position does (the activity gives the
    // stored event an id from its aggregate and position, and the batch sends none).
    const records = events.map((event, n) => ({
      id: positional ? `${this.naming.name}/${first + n}` : uuid4(),
      occurredAt,
      actor,
      event,
    }));
    for (const event of events) this.state = this.rules.evolve(this.state, event);
    this.version += events.length;
    this.changed = true;
    const batch: Batch<E, V> = this.smallHistories()
      ? { version: this.version, records: this.sent(records, positional), config: this.overrides }
      : { version: this.version, records, view: this.view(), deadlines: this.deadlines() };
    const committed = records.map(({ id, event }) => ({ name: id, event }));
    const own = this.chain.then(() => this.persist(batch)).then(() => this.effects(committed));
    this.chain = own.catch((error: unknown) => {
      this.everyBatchPersisted = false;
      log.error('batch failed', {
        version: batch.version,
        failure: error instanceof Error ? error.name : 'unknown',
      });
    });
    return own;
  }

  /** The records as the batch sends them: by position, without their ids and their requirement's. */
  private sent(records: EventRecord<E>[], positional: boolean): SentRecord<E>[] {
    const leftOut: LeftOut = positional
      ? { ids: true, requirementId: this.naming.requirementId }
      : { ids: false };
    return records.map((record) => sentRecord(record, leftOut));
  }

  private remember(id: string): void {
    const now = Date.now();
    this.recent.push(id);
    this.seenAt.push(now);
    let expired = 0;
    while (
      this.recent.length - expired > RECENT_IDS_KEPT_AT_LEAST &&
      this.seenAt[expired]! < now - RECENT_IDS_KEPT_MS
    )
      expired += 1;
    this.recent.splice(0, expired);
    this.seenAt.splice(0, expired);
  }

  /** Whether the aggregate has any event: a workflow started without its first command has none. */
  opened(): boolean {
    return this.version > 0;
  }

  view(): V {
    return this.rules.view(this.state, this.config);
  }

  deadlines(): Deadline[] {
    return this.rules.deadlines(this.state, this.config);
  }

  nextTimer(): string | null {
    return this.rules.nextTimer(this.state, this.lawConfig());
  }

  isTerminal(): boolean {
    return this.rules.isTerminal(this.state);
  }

  /** Resolves once every committed batch is persisted and its effects have run. */
  drained(): Promise<void> {
    return this.chain;
  }

  /**
   * What the next run needs beside the stored events: their number and the ids seen in the last 7 days. Null
   * when a batch failed for good, as the stored events are then not the state: the run hands over its state.
   * Called once drained.
   */
  handover(): (Pick<Carried<S>, 'version' | 'recentIds'> & { recentSeenAt: number[] }) | null {
    if (!this.everyBatchPersisted) return null;
    const since = Date.now() - RECENT_IDS_KEPT_MS;
    const kept = this.recent.flatMap((id, n) => (this.seenAt[n]! >= since ? [n] : []));
    return {
      version: this.version,
      recentIds: kept.map((n) => this.recent[n]!),
      recentSeenAt: kept.map((n) => this.seenAt[n]!),
    };
  }

  carry(): Carried<S> {
    return {
      state: this.state,
      version: this.version,
      recentIds: [...this.recent],
      recentSeenAt: [...this.seenAt],
    };
  }
}
