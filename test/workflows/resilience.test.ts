import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type OrderBatch, createActivities } from '../../activities';
import { openOrder } from '../../api/commands/send';
import { DEFAULT_CONFIG } from '../../domain/config';
import { openCaseBody } from '../../app/case-fixtures';
import { addDays, addMonths } from '../../domain/calendar';
import type { OrderToRequirement, RequirementImposition } from '../../domain/links';
import {
  type Delivered,
  orderToRequirementSignal,
  orderUpdates,
  requirementToOrderSignal,
  requirementWorkflowId,
} from '../../workflows/messages';
import type { requirementWorkflow } from '../../workflows/requirement';
import { type CaseDriver, actors, eventually, imposed } from './driver';
import { sentencedCase } from './cases';
import { runsOf } from './history';
import { storedEventTypes } from './rows';
import { useScenarioEnv } from './environment';

// Failure modes of the workflow layer (issue 20), each through the real SDK on the stand-in server.

const s = useScenarioEnv();

/** An MHTR imposed today on the case's order, as the order's sentence would impose it. */
async function mhtrImposition(c: CaseDriver): Promise<RequirementImposition> {
  const today = await c.today();
  return {
    orderId: c.orderId,
    requirementId: randomUUID(),
    type: 'MHTR',
    orderType: 'COMMUNITY_ORDER',
    sentenceDate: today,
    sentencingCourt: { code: 'B01LY00', type: 'MAGISTRATES' },
    probationDeliveryUnit: 'N07LDN',
    orderEndDate: addDays(addMonths(today, 12), -1),
    assessedByProviderOrgId: 'PROV-MH',
    mode: 'PRACTITIONER_BASED',
    periods: [{ start: today, end: addDays(addMonths(today, 6), -1) }],
    practitioner: 'Dr R Hughes, psychologist',
    careLevel: 'PRIMARY_CARE',
  };
}

describe('a message to a requirement in its first activation (issue 20, point 1)', () => {
  it('is applied after the requirement is imposed, not dropped', async () => {
    await s.withCase(async (c) => {
      const imposition = await mhtrImposition(c);
      const later = addMonths(imposition.orderEndDate, 3);
      const workflowId = requirementWorkflowId(c.orderId, imposition.requirementId);
      await s.env.client.workflow.signalWithStart<
        typeof requirementWorkflow,
        [Delivered<OrderToRequirement>]
      >('requirementWorkflow', {
        workflowId,
        taskQueue: c.taskQueue,
        args: [{ imposition }],
        signal: orderToRequirementSignal,
        signalArgs: [{ id: 'end-date/1', message: { kind: 'OrderEndDateChanged', orderEndDate: later } }],
      });
      const view = await eventually(
        () => c.requirementView(imposition.requirementId),
        (v) => v.status !== 'NOT_IMPOSED' && v.orderEndDate === later,
      );
      expect(imposed(view).orderEndDate).toBe(later);
      // Its row may not be written yet, so the case's clean-up might not find it.
      await s.env.client.workflow.getHandle(workflowId).terminate('the scenario is over');
    });
  });
});

describe('a batch whose persistence fails (issue 20, point 2)', () => {
  it('fails its own command only: later commands persist, and the workflow keeps running', async () => {
    const real = createActivities({ db: s.t.db });
    const failing = {
      ...real,
      persistOrderBatch: async (batch: OrderBatch) => {
        if (batch.records.some((r) => r.event.type === 'ScreeningRecorded'))
          throw ApplicationFailure.nonRetryable('the screening cannot be stored', 'TestPermanentFailure');
        return real.persistOrderBatch(batch);
      },
    };
    await s.withCase(async (c) => {
      await c.start();
      await c.order(actors.assessor, {
        type: 'OpenCase',
        orderId: c.orderId,
        ...openCaseBody(await c.today(), ['DRR']),
      });
      const screening = c.order(actors.assessor, {
        type: 'RecordScreening',
        outcome: 'PROCEED_TO_ASSESSMENT',
      });
      await expect(screening).rejects.toBeInstanceOf(WorkflowUpdateFailedError);

      const view = await c.order(actors.assessor, {
        type: 'RequestAssessment',
        requirementId: randomUUID(),
        requirementType: 'DRR',
        providerOrgId: 'PROV-DRUGS',
      });
      expect(view.status).toBe('AWAITING_ASSESSMENT');
      expect(await storedEventTypes(s.t.db, c.orderId, null)).toEqual([
        'CaseIdentified',
        'AssessmentRequested',
      ]);
      expect((await s.env.client.workflow.getHandle(c.workflowId).describe()).status.name).toBe('RUNNING');
    }, failing);
  });
});

describe('a batch Postgres refuses for good (issue 20, point 3)', () => {
  it('fails at once as non-retryable, and is recorded for operators with ids only', async () => {
    await s.withCase(async (c) => {
      await c.start();
      const body = openCaseBody(await c.today(), ['DRR']);
      // jsonb cannot hold U+0000: a data exception (SQLSTATE class 22) on every attempt.
      const opening = c.order(actors.assessor, {
        type: 'OpenCase',
        orderId: c.orderId,
        ...body,
        person: { ...body.person, familyName: 'Exam\u0000ple' },
      });
      const failure = await opening.then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((failure as WorkflowUpdateFailedError).cause?.cause).toMatchObject({
        type: 'PermanentDatabaseError',
        nonRetryable: true,
      });
      const rows = await s.t.db
        .selectFrom('failed_batches')
        .selectAll()
        .where('order_id', '=', c.orderId)
        .execute();
      expect(rows).toEqual([
        expect.objectContaining({
          requirement_id: null,
          version: 1,
          attempt: 1,
          sqlstate: expect.stringMatching(/^22/),
        }),
      ]);
      expect(rows[0]!.event_ids).toHaveLength(1);
      expect((await s.env.client.workflow.getHandle(c.workflowId).describe()).status.name).toBe('RUNNING');
    });
  });
});

describe('a batch whose write fails for now (issue 20, point 2)', () => {
  it('is retried, its last failure in Temporal naming the SQLSTATE and nothing of the error', async () => {
    await s.withCase(async (c) => {
      await c.start();
      const pendingFailure = async () =>
        (await s.env.client.workflow.getHandle(c.workflowId).describe()).raw.pendingActivities?.[0]
          ?.lastFailure;
      // The order's batch lock held elsewhere: each attempt waits past its statement timeout (SQLSTATE 57014).
      const lastFailure = await s.t.ownerDb.connection().execute(async (held) => {
        const lock = sql`hashtext('order-batches'), hashtext(${c.orderId})`;
        await sql`SELECT pg_advisory_lock(${lock})`.execute(held);
        const opening = c.order(actors.assessor, {
          type: 'OpenCase',
          orderId: c.orderId,
          ...openCaseBody(await c.today(), ['DRR']),
        });
        const failure = await eventually(pendingFailure, Boolean, 20_000);
        await sql`SELECT pg_advisory_unlock(${lock})`.execute(held);
        expect((await opening).status).toBe('IDENTIFIED');
        return failure;
      });
      expect(lastFailure).toMatchObject({
        message: 'the batch was not written (SQLSTATE 57014)',
        applicationFailureInfo: { type: 'BatchWriteError', nonRetryable: false },
      });
      expect(lastFailure?.cause).toBeFalsy();
      expect(lastFailure?.stackTrace).not.toContain('canceling statement');
    });
  }, 60_000);
});

describe('an order that ends (issue 20, point 5)', () => {
  it('stays open until each requirement has reported its end, and records that report', async () => {
    await s.withCase(async (c) => {
      await c.start();
      const { ids } = await sentencedCase(c, {
        months: 12,
        requirements: [{ type: 'ATR', months: 6 }],
        refer: false,
      });
      await c.order(actors.court, { type: 'RevokeOrder', reason: 'OTHER' });
      const ended = await c.orderResult();
      expect(ended.terminal).toBe(true);
      expect(ended.requirements).toEqual([
        expect.objectContaining({ requirementId: ids[0], status: 'TERMINATED' }),
      ]);
    });
  });
});

describe('opening a case (issue 20, point 6)', () => {
  it('closes an order workflow never opened, and a retried opening cannot restart a closed order', async () => {
    await s.withCase(async (c) => {
      const temporal = { client: s.env.client, taskQueue: c.taskQueue };
      const body = openCaseBody(await c.today(), ['DRR']);
      const open = (dateOfBirth: string) =>
        openOrder(
          temporal,
          c.orderId,
          DEFAULT_CONFIG,
          orderUpdates.OpenCase,
          {
            commandId: randomUUID(),
            actor: actors.assessor,
            command: {
              type: 'OpenCase',
              orderId: c.orderId,
              ...body,
              person: { ...body.person, dateOfBirth },
            },
          },
          10_000,
        ).then(
          () => null,
          (error: unknown) => error,
        );
      // Refused by its validator (born tomorrow): the workflow is started all the same, unopened.
      expect(await open(addDays(await c.today(), 1))).toMatchObject({ status: 422 });
      await s.env.sleep(2 * 3_600_000);
      expect((await s.env.client.workflow.getHandle(c.workflowId).describe()).status.name).toBe('COMPLETED');

      expect(await open(body.person.dateOfBirth)).toMatchObject({ status: 409, code: 'closed' });
      expect(await storedEventTypes(s.t.db, c.orderId)).toEqual([]);
    });
  });
});

describe('a command retried after many newer ids (issue 20, point 7)', () => {
  it('applies once, across continue-as-new, after 1,001 newer ids', async () => {
    await s.withCase(async (c) => {
      await c.start({ historyLimit: 300 });
      await c.order(actors.assessor, {
        type: 'OpenCase',
        orderId: c.orderId,
        ...openCaseBody(await c.today(), ['DRR']),
      });
      const screening = { type: 'RecordScreening', outcome: 'PROCEED_TO_ASSESSMENT' } as const;
      const screeningId = randomUUID();
      await c.order(actors.assessor, screening, screeningId);

      // 1,001 messages the order refuses (no such requirement): each id is remembered all the same.
      const handle = s.env.client.workflow.getHandle(c.workflowId);
      const ids = Array.from({ length: 1_001 }, () => randomUUID());
      for (let n = 0; n < ids.length; n += 50)
        await Promise.all(
          ids.slice(n, n + 50).map((id) =>
            handle.signal(requirementToOrderSignal, {
              id,
              message: {
                kind: 'RequirementStatusChanged',
                requirementId: id,
                status: 'ACTIVE',
                compliedWith: false,
              },
            }),
          ),
        );

      // The run continues as new once its history is long; the retry reaches the next run.
      const runs = await eventually(
        () => runsOf(s.env, c.workflowId),
        (r) => r.length > 1,
      );
      expect(runs.length).toBeGreaterThan(1);
      const retried = await c.order(actors.assessor, screening, screeningId);
      expect(retried.status).toBe('SCREENED_IN');
      expect(await storedEventTypes(s.t.db, c.orderId, null)).toEqual([
        'CaseIdentified',
        'ScreeningRecorded',
      ]);
    });
  });
});

describe('finding the workflows of an order (issue 20, point 8)', () => {
  it('the order and each requirement carry the order id in their memo', async () => {
    const memoOf = async (workflowId: string) =>
      (await s.env.client.workflow.getHandle(workflowId).describe()).memo;
    await s.withCase(async (c) => {
      const temporal = { client: s.env.client, taskQueue: c.taskQueue };
      await openOrder(
        temporal,
        c.orderId,
        DEFAULT_CONFIG,
        orderUpdates.OpenCase,
        {
          commandId: randomUUID(),
          actor: actors.assessor,
          command: { type: 'OpenCase', orderId: c.orderId, ...openCaseBody(await c.today(), ['DRR']) },
        },
        10_000,
      );
      expect(await memoOf(c.workflowId)).toEqual({ orderId: c.orderId });
    });
    await s.withCase(async (c) => {
      await c.start();
      const { ids } = await sentencedCase(c, {
        months: 12,
        requirements: [{ type: 'ATR', months: 6 }],
        refer: false,
      });
      expect(await memoOf(requirementWorkflowId(c.orderId, ids[0]!))).toEqual({ orderId: c.orderId });
    });
  });
});

describe('an update’s answer (issue 20, point 8)', () => {
  it('is the state after its own batch, not after a command decided while it was being persisted', async () => {
    const real = createActivities({ db: s.t.db });
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => (held = resolve));
    const slow = {
      ...real,
      persistOrderBatch: async (batch: OrderBatch) => {
        if (batch.version === 3) {
          held();
          await released;
        }
        return real.persistOrderBatch(batch);
      },
    };
    await s.withCase(async (c) => {
      await c.start();
      await c.order(actors.assessor, {
        type: 'OpenCase',
        orderId: c.orderId,
        ...openCaseBody(await c.today(), ['DRR', 'ATR']),
      });
      await c.order(actors.assessor, { type: 'RecordScreening', outcome: 'PROCEED_TO_ASSESSMENT' });
      const request = (requirementType: 'DRR' | 'ATR') =>
        c.order(actors.assessor, {
          type: 'RequestAssessment',
          requirementId: randomUUID(),
          requirementType,
          providerOrgId: 'PROV-DRUGS',
        });
      const first = request('DRR');
      await holding;
      const second = request('ATR');
      await c.orderViewWhen((v) => v.proposedRequirements.length === 2);
      release();
      expect((await first).proposedRequirements).toHaveLength(1);
      expect((await second).proposedRequirements).toHaveLength(2);
    }, slow);
  });
});
