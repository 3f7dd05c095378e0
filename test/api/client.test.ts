import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  type CommandBody,
  type CommandInput,
  type CstrClient,
  CstrApiError,
  type ReadResult,
  createCstrClient,
} from '../../api/client';
import { type OperationId, commandRoutes } from '../../api/commands/catalogue';
import { useTestDatabase } from '../support/database';
import { type ApiHarness, startApiHarness } from './harness';

import { actors } from './support/journey';

const t = useTestDatabase();
let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness(t);
});
afterAll(async () => {
  await h?.close();
});

/** A client talking to the app in-process, as it would over HTTP. */
const clientFor = (token: string, purpose?: string) =>
  createCstrClient({
    baseUrl: 'http://cstr.test/',
    token,
    ...(purpose ? { purpose } : {}),
    fetch: async (url, init) => h.api.request(url, init),
  });

describe('the typed client', () => {
  it('sends typed commands and reads, and throws the API’s problems', async () => {
    const assessor = clientFor(await h.token('court-assessor', 'B01LY00', 'assessor-1'), 'client test');
    const provider = clientFor(await h.token('provider', actors.provider.org));
    const today = new Date(await h.env.currentTimeMs()).toISOString().slice(0, 10);

    const body: CommandBody<'openCase'> = {
      person: {
        givenName: 'Sam',
        familyName: 'Client',
        dateOfBirth: '1985-02-03',
        homeLocalJusticeArea: 'Lambeth',
      },
      court: { code: 'B01LY00', type: 'MAGISTRATES' },
      probationDeliveryUnit: 'N07LDN',
      hearingDate: today,
      plea: 'GUILTY',
      offences: [{ description: 'Possession with intent', imprisonable: true }],
      identification: { source: 'PROBATION_COURT_TEAM', date: today },
      proposedTypes: ['DRR'],
    };
    const opened = await assessor.command('openCase', { body, idempotencyKey: 'client-open-0001' });
    const orderId = opened.orderId;
    expect(opened.status).toBe('IDENTIFIED');
    // The same key again is the same answer, not a second case.
    expect(await assessor.command('openCase', { body, idempotencyKey: 'client-open-0001' })).toEqual(opened);
    expect(await t.db.selectFrom('orders').select('id').execute()).toEqual([{ id: orderId }]);

    await assessor.command('recordScreening', {
      params: { orderId },
      body: { outcome: 'PROCEED_TO_ASSESSMENT', notes: 'via the client' },
    });
    const requested = await assessor.command('requestAssessment', {
      params: { orderId },
      body: { type: 'DRR', providerOrgId: actors.provider.org },
    });
    const requirementId = requested.requirementId as string;
    await provider.command('recordAssessment', {
      params: { requirementId },
      body: {
        outcome: 'SUITABLE',
        proposedMode: 'NON_RESIDENT',
        proposedPeriodMonths: 12,
        treatmentDirector: 'Dr A Director',
      },
    });
    await assessor.command('recordConsent', {
      params: { requirementId },
      body: { given: true, date: today },
    });

    const list = await assessor.listOrders({ type: 'DRR', limit: 10 });
    expect(list.items.map((o) => o.id)).toEqual([orderId]);
    expect(list.nextCursor).toBeNull();
    const order = await assessor.getOrder(orderId);
    expect(order.status).toBe('READY_TO_PROPOSE');
    const requirement = await provider.getRequirement(requirementId);
    expect(requirement.stage).toBe('PRE_SENTENCE');
    const caseload = await provider.read('listDeadlines', { query: { overdue: 'false' } });
    expect(Array.isArray(caseload.items)).toBe(true);
    const logged = await t.db
      .selectFrom('access_log_entries')
      .select('purpose')
      .where('actor_sub', '=', 'assessor-1')
      .execute();
    expect(new Set(logged.map((l) => l.purpose))).toEqual(new Set(['client test']));

    // Problems come back as CstrApiError with the problem+json body.
    const refused = await provider
      .command('recordSentence', { params: { orderId }, body: { outcome: 'CSTR_IMPOSED' } })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CstrApiError);
    expect((refused as CstrApiError).status).toBe(403);
    expect((refused as CstrApiError).problem.type).toBe(
      'https://cstr.service.justice.gov.uk/problems/forbidden',
    );
    const missing = await provider.getOrder('00000000-0000-4000-8000-000000000000').catch((e: unknown) => e);
    expect((missing as CstrApiError).status).toBe(404);
  });

  it('types bodies, params and answers from the catalogue and the read routes', () => {
    expectTypeOf<keyof CommandBody<'recordScreening'>>().toEqualTypeOf<'outcome' | 'notes'>();
    expectTypeOf<CommandBody<'bookAppointment'>['kind']>().toEqualTypeOf<
      'ASSESSMENT' | 'ONE_TO_ONE' | 'GROUP' | 'MEDICAL_REVIEW'
    >();
    expectTypeOf<CommandInput<'recordOutcome'>['params']>().toEqualTypeOf<
      Record<'requirementId' | 'appointmentId', string>
    >();
    expectTypeOf<keyof CommandBody<'requestAssessment'>>().toEqualTypeOf<'type' | 'providerOrgId'>();
    expectTypeOf<Parameters<CstrClient['command']>[0]>().toEqualTypeOf<OperationId>();
    expectTypeOf<ReadResult<'listOrders'>['items'][number]['id']>().toEqualTypeOf<string>();
    expectTypeOf<ReadResult<'listOrders'>['nextCursor']>().toEqualTypeOf<string | null>();
    const parsed = commandRoutes
      .find((r) => r.operationId === 'recordScreening')!
      .body.safeParse({
        outcome: 'PROCEED_TO_ASSESSMENT',
        colour: 'red',
      });
    expect(parsed.success).toBe(false);
  });
});
