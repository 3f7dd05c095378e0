import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandAnswer } from '../../api/commands/answer';
import { openCase } from '../../api/commands/catalogue';
import type { Principal } from '../../api/env';
import { ProblemError } from '../../api/problem';
import { openCaseBody } from '../../app/case-fixtures';
import { useTestDatabase } from '../support/database';
import { type ApiHarness, startApiHarness } from './harness';
import { Journey, type Json, actors } from './support/journey';

const t = useTestDatabase();
let h: ApiHarness;
let j: Journey;
let orderId: string;
const assessor: Principal = { ...actors.assessor, clientId: `${actors.assessor.org}/${actors.assessor.sub}` };

beforeAll(async () => {
  h = await startApiHarness(t);
  j = new Journey(h);
  const opened: Json = await j.post(actors.assessor, '/v1/orders', openCaseBody(await j.today(), ['DRR']));
  orderId = opened.orderId as string;
});
afterAll(async () => {
  await h?.close();
});

const storedVersion = async () =>
  Number(
    (await t.db.selectFrom('orders').select('version').where('id', '=', orderId).executeTakeFirstOrThrow())
      .version,
  );
const answerAt = (version: number) =>
  commandAnswer(t.db, assessor, openCase, {
    orderId,
    requirementId: null,
    command: {},
    answer: { storedVersion: version },
  });

describe('a command answered with the version its view is stored at', () => {
  it('waits for a view still being stored, and answers with it once it is', async () => {
    const version = await storedVersion();
    const answered = answerAt(version + 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await j.post(actors.assessor, `/v1/orders/${orderId}/screening`, { outcome: 'PROCEED_TO_ASSESSMENT' });
    expect(await storedVersion()).toBeGreaterThan(version);
    expect(await answered).toMatchObject({
      orderId,
      case: { screening: { outcome: 'PROCEED_TO_ASSESSMENT' } },
    });
  });

  it('asks for a resend with the same key (503, Retry-After) when the view is not stored in time', async () => {
    const refused = await answerAt((await storedVersion()) + 100).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ProblemError);
    expect(refused).toMatchObject({
      status: 503,
      code: 'service-unavailable',
      headers: { 'Retry-After': '1' },
    });
  });
});
