import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DomainConfig } from '../../domain/config';
import type { OrderCommand, OrderView } from '../../domain/order';
import type { Actor } from '../../domain/records';
import type { RequirementCommand, RequirementView } from '../../domain/requirement';
import {
  orderUpdates,
  orderViewQuery,
  orderWorkflowId,
  requirementUpdates,
  requirementViewQuery,
  requirementWorkflowId,
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

type UserRequirementCommand = Exclude<RequirementCommand, { type: 'Impose' }>;

/** Drives one case through the public workflow messages, as the API will. */
export class CaseDriver {
  readonly orderId = randomUUID();

  constructor(
    private readonly env: TestWorkflowEnvironment,
    private readonly taskQueue: string,
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

  async order<T extends OrderCommand['type']>(
    actor: Actor,
    command: Extract<OrderCommand, { type: T }>,
    commandId: string = randomUUID(),
  ): Promise<OrderView> {
    const update = orderUpdates[command.type];
    return this.env.client.workflow
      .getHandle(this.workflowId)
      .executeUpdate(update, { args: [{ commandId, actor, command }], updateId: commandId });
  }

  async requirement<T extends UserRequirementCommand['type']>(
    actor: Actor,
    command: Extract<UserRequirementCommand, { type: T }>,
    commandId: string = randomUUID(),
  ): Promise<RequirementView> {
    const update = requirementUpdates[command.type];
    return this.env.client.workflow
      .getHandle(requirementWorkflowId(this.orderId, command.requirementId))
      .executeUpdate(update, { args: [{ commandId, actor, command }], updateId: commandId });
  }

  orderView(): Promise<OrderView> {
    return this.env.client.workflow.getHandle(this.workflowId).query(orderViewQuery);
  }

  requirementView(requirementId: string): Promise<RequirementView> {
    return this.env.client.workflow
      .getHandle(requirementWorkflowId(this.orderId, requirementId))
      .query(requirementViewQuery);
  }

  /** Today in the test server's clock, as a London date. */
  async today(): Promise<string> {
    return new Date(await this.env.currentTimeMs()).toISOString().slice(0, 10);
  }
}
