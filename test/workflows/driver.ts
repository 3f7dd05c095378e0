import { randomUUID } from 'node:crypto';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { londonDate } from '../../domain/calendar';
import type { DomainConfig } from '../../domain/config';
import type { OrderView, PartyOrderCommand } from '../../domain/order';
import type { Actor } from '../../domain/records';
import type { PartyRequirementCommand, RequirementView } from '../../domain/requirement';
import {
  type Answer,
  type SentCommand,
  type SentToRequirement,
  isStoredAnswer,
  orderUpdates,
  orderViewQuery,
  orderWorkflowId,
  requirementUpdates,
  requirementViewQuery,
  requirementWorkflowId,
  withoutRequirement,
} from '../../workflows/messages';
import type { orderWorkflow } from '../../workflows/order';

export const actors = {
  assessor: { sub: 'assessor-1', role: 'court-assessor', org: 'B01LY00' },
  court: { sub: 'court-clerk-1', role: 'court', org: 'B01LY00' },
  provider: { sub: 'keyworker-1', role: 'provider', org: 'PROV-DRUGS' },
  mhProvider: { sub: 'psychologist-1', role: 'provider', org: 'PROV-MH' },
  probation: { sub: 'officer-1', role: 'probation', org: 'N07LDN' },
  enforcement: { sub: 'eo-1', role: 'enforcement', org: 'N07LDN' },
} satisfies Record<string, Actor>;

/** Drives one case through the public workflow messages, as the API will. */
export class CaseDriver {
  readonly orderId = randomUUID();

  constructor(
    private readonly env: TestWorkflowEnvironment,
    readonly taskQueue: string,
  ) {}

  get workflowId(): string {
    return orderWorkflowId(this.orderId);
  }

  async start(options: { config?: DomainConfig; historyLimit?: number } = {}): Promise<void> {
    await this.env.client.workflow.start<typeof orderWorkflow>('orderWorkflow', {
      workflowId: this.workflowId,
      taskQueue: this.taskQueue,
      args: [{ orderId: this.orderId, ...options }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  }

  async order<T extends PartyOrderCommand['type']>(
    actor: Actor,
    command: Extract<PartyOrderCommand, { type: T }>,
    commandId: string = randomUUID(),
  ): Promise<OrderView> {
    const update = orderUpdates[command.type];
    const answer = await this.env.client.workflow
      .getHandle(this.workflowId)
      .executeUpdate(update, { args: [{ actor, command }], updateId: commandId });
    // A large view is answered as the version it is stored at; the scenarios send one command at a time.
    return isStoredAnswer(answer) ? this.orderView() : answer;
  }

  async requirement<T extends PartyRequirementCommand['type']>(
    actor: Actor,
    command: Extract<PartyRequirementCommand, { type: T }>,
    commandId: string = randomUUID(),
  ): Promise<RequirementView> {
    const update: UpdateDefinition<
      Answer<RequirementView>,
      [SentCommand<SentToRequirement<PartyRequirementCommand>>]
    > = requirementUpdates[command.type];
    // As the API sends it: without the requirement, which the workflow knows.
    const sent = { actor, command: withoutRequirement<PartyRequirementCommand>(command) };
    const answer = await this.env.client.workflow
      .getHandle(requirementWorkflowId(this.orderId, command.requirementId))
      .executeUpdate(update, { args: [sent], updateId: commandId });
    return isStoredAnswer(answer) ? this.requirementView(command.requirementId) : answer;
  }

  orderView(): Promise<OrderView> {
    return this.view(this.workflowId, orderViewQuery);
  }

  requirementView(requirementId: string): Promise<RequirementView> {
    return this.view(requirementWorkflowId(this.orderId, requirementId), requirementViewQuery);
  }

  /** A workflow's view, queried: a completed workflow answers too (a worker replays its history). */
  private view<V>(workflowId: string, query: QueryDefinition<V>): Promise<V> {
    return this.env.client.workflow.getHandle(workflowId).query(query);
  }

  /** Today in the test server's clock, as a London date. */
  async today(): Promise<string> {
    return londonDate(await this.now());
  }

  /** The test server's clock. */
  async now(): Promise<string> {
    return new Date(await this.env.currentTimeMs()).toISOString();
  }

  /** Skips the server's clock forward to `instant`, firing every timer on the way. */
  async sleepUntil(instant: string): Promise<void> {
    const ms = Date.parse(instant) - (await this.env.currentTimeMs());
    if (ms > 0) await this.env.sleep(ms);
  }

  /** The order's view once `done` holds (its requirements reach it by signal, a moment later). */
  orderViewWhen(done: (view: OrderView) => boolean): Promise<OrderView> {
    return eventually(() => this.orderView(), done);
  }

  requirementViewWhen(
    requirementId: string,
    done: (view: RequirementView) => boolean,
  ): Promise<RequirementView> {
    return eventually(() => this.requirementView(requirementId), done);
  }

  /** The order's result once its workflow has ended (following any continue-as-new). */
  async orderResult(): Promise<OrderView> {
    const result = await this.env.client.workflow.getHandle<typeof orderWorkflow>(this.workflowId).result();
    return isStoredAnswer(result) ? this.orderView() : result;
  }

  /** Books a session, skips to an hour after it starts and records whether the person came. */
  async session(
    actor: Actor,
    requirementId: string,
    start: string,
    attended: 'YES' | 'NO' = 'YES',
  ): Promise<RequirementView> {
    const appointmentId = randomUUID();
    await this.requirement(actor, {
      type: 'BookAppointment',
      requirementId,
      appointmentId,
      start,
      durationMinutes: 50,
      kind: 'ONE_TO_ONE',
      deliveryMode: 'IN_PERSON',
      enforceable: true,
    });
    await this.sleepUntil(new Date(Date.parse(start) + HOUR_MS).toISOString());
    return this.requirement(actor, {
      type: 'RecordOutcome',
      requirementId,
      appointmentId,
      sessionHappened: attended === 'YES',
      attended,
    });
  }

  /** Directs a test due at `dueAt`, skips to it and records a collected sample and a negative screen. */
  async negativeDrugTest(requirementId: string, dueAt: string): Promise<RequirementView> {
    const testId = randomUUID();
    await this.requirement(actors.probation, {
      type: 'DirectDrugTest',
      requirementId,
      testId,
      dueAt,
      directedBy: 'RESPONSIBLE_OFFICER',
    });
    await this.sleepUntil(new Date(Date.parse(dueAt) + 10 * 60_000).toISOString());
    await this.requirement(actors.provider, {
      type: 'RecordSample',
      requirementId,
      testId,
      status: 'COLLECTED',
      sampleType: 'ORAL_FLUID',
      method: 'POINT_OF_CARE_SCREEN',
    });
    return this.requirement(actors.provider, {
      type: 'RecordTestResult',
      requirementId,
      testId,
      substances: [
        { substance: 'OPIATES', result: 'NEGATIVE' },
        { substance: 'COCAINE', result: 'NEGATIVE' },
      ],
      recordedByRole: 'provider',
    });
  }
}

const HOUR_MS = 3_600_000;

/** Reads until `done` holds, or gives the last value after `timeoutMs` (the assertion then says why). */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => null);
    if (value !== null && (done(value) || Date.now() > deadline)) return value;
    if (Date.now() > deadline) return read();
    await new Promise((r) => setTimeout(r, 50));
  }
}

export type ImposedView = Exclude<RequirementView, { status: 'NOT_IMPOSED' }>;

/** A requirement's view, which a test expects to be imposed. */
export function imposed(view: RequirementView): ImposedView {
  if (view.status === 'NOT_IMPOSED') throw new Error('the requirement is not imposed');
  return view;
}
