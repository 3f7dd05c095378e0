import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../domain/primitives';
import {
  type AppProcess,
  createChildDatabase,
  createDataDir,
  get,
  openCaseBody,
  portOpen,
  post,
  startApp,
  today,
} from './support/app-process';

/**
 * Issue 7: structured logs never contain names, dates of birth, clinical or test content, offence details or
 * tokens. Sentinel values go in through the API of a child-process app at LOG_LEVEL=debug, and every line it
 * writes to stdout and stderr is searched for each of them.
 */

const S = {
  givenName: 'Zebediah',
  familyName: 'Sentinelson',
  dateOfBirth: '1901-02-03',
  offence: 'Sentinel offence: theft of a quokka-shaped xylophone',
  screeningNotes: 'SENTINEL-SCREEN hears voices when anxious',
  outcomeNotes: 'SENTINEL-OUTCOME disclosed relapse and suicidal ideation',
  lateReason: 'SENTINEL-LATE bus from the psychiatric ward',
  explanation: 'SENTINEL-EXPLANATION poppy seed bagel before the test',
  narrative: 'SENTINEL-NARRATIVE diagnosed with paranoid schizophrenia',
  treatmentDirector: 'Dr Sentinel Quillfeather',
  place: 'Sentinel Lodge Rehabilitation Unit',
  rejectedText: 'SENTINEL-REFUSED content of a refused command',
  malformedText: 'SENTINEL-MALFORMED content of a malformed request',
  badToken: 'SENTINELbadtokenAAAA.SENTINELbadtokenBBBB.SENTINELbadtokenCCCC',
};

const probationFailures: string[] = [];
const webhook = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    probationFailures.push(String(req.headers['x-cstr-notification-id']));
    res.writeHead(500).end();
  });
});

let database: Awaited<ReturnType<typeof createChildDatabase>>;
let dataDir: Awaited<ReturnType<typeof createDataDir>>;
let app: AppProcess | undefined;
let webhookPort = 0;
const tokens: string[] = [];

beforeAll(async () => {
  [database, dataDir] = await Promise.all([createChildDatabase(), createDataDir()]);
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  webhookPort = (webhook.address() as AddressInfo).port;
  const subscribers = path.join(dataDir.dir, 'subscribers.json');
  await writeFile(
    subscribers,
    JSON.stringify([
      {
        role: 'probation',
        org: 'N07LDN',
        url: `http://127.0.0.1:${webhookPort}/probation`,
        secret: 'probation-webhook-secret-000',
      },
    ]),
  );
  app = await startApp({
    databaseUrl: database.url,
    dataDir: dataDir.dir,
    env: {
      LOG_LEVEL: 'debug',
      CSTR_DEV_CLOCK: '1',
      CSTR_SUBSCRIBERS_FILE: subscribers,
      // Its receiver listens on loopback: the development setting that allows it.
      CSTR_WEBHOOKS_ALLOW_PRIVATE: '1',
    },
  });
});

afterAll(async () => {
  if (app) {
    await app.stop(10_000);
    expect(await portOpen(app.port)).toBe(false);
  }
  webhook.closeAllConnections();
  await new Promise<void>((resolve) => webhook.close(() => resolve()));
  await database?.drop();
  await dataDir?.remove();
});

async function ok(response: Promise<Response>, status = 200): Promise<Record<string, unknown>> {
  const r = await response;
  const text = await r.text();
  expect(r.status, text).toBe(status);
  return JSON.parse(text) as Record<string, unknown>;
}

describe('log sentinel', () => {
  it('writes no name, date of birth, clinical or test content, offence or token to any log line', async () => {
    const a = app!;
    const token = async (role: Role, org: string) => {
      const t = await a.token(role, org);
      tokens.push(t);
      return t;
    };
    const assessor = await token('court-assessor', 'B01LY00');
    const court = await token('court', 'B01LY00');
    const provider = await token('provider', 'PROV-DRUGS');
    const probation = await token('probation', 'N07LDN');
    const advance = (by: string) =>
      ok(
        fetch(`${a.base}/dev/clock`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ advance: by }),
        }),
      ).then((b) => b.now as string);
    const now = () => ok(fetch(`${a.base}/dev/clock`)).then((b) => b.now as string);

    // Pre-sentence: the person, the offence, clinical screening notes, the assessment.
    const opened = await ok(
      post(
        a,
        '/v1/orders',
        assessor,
        openCaseBody({
          givenName: S.givenName,
          familyName: S.familyName,
          dateOfBirth: S.dateOfBirth,
          offence: S.offence,
        }),
      ),
      201,
    );
    const orderId = opened.orderId as string;
    const o = `/v1/orders/${orderId}`;
    await ok(
      post(a, `${o}/screening`, assessor, { outcome: 'PROCEED_TO_ASSESSMENT', notes: S.screeningNotes }),
    );
    const requested = await ok(
      post(a, `${o}/requirements`, assessor, { type: 'DRR', providerOrgId: 'PROV-DRUGS' }),
      201,
    );
    const requirementId = requested.requirementId as string;
    const r = `/v1/requirements/${requirementId}`;
    await ok(
      post(a, `${r}/assessment`, provider, {
        outcome: 'SUITABLE',
        proposedMode: 'NON_RESIDENT',
        proposedPeriodMonths: 6,
        treatmentDirector: S.treatmentDirector,
        place: S.place,
      }),
    );
    await ok(post(a, `${r}/consent`, assessor, { given: true, date: today() }));
    await ok(post(a, `${o}/proposal`, assessor, { psrReference: 'PSR-SENTINEL-1' }));
    const sentenceDate = today();
    const end = new Date(Date.parse(`${sentenceDate}T12:00:00Z`) + 180 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    await ok(
      post(a, `${o}/sentence`, court, {
        outcome: 'CSTR_IMPOSED',
        sentenceDate,
        orderType: 'COMMUNITY_ORDER',
        endDate: end,
        requirements: [
          {
            requirementId,
            mode: 'NON_RESIDENT',
            periods: [{ start: sentenceDate, end }],
            treatmentDirector: S.treatmentDirector,
            place: S.place,
            intervals: 'weekly',
          },
        ],
      }),
    );
    const imposedBy = Date.now() + 10_000;
    for (;;) {
      const view = await ok(get(a, r, probation));
      if (view.status === 'AWAITING_REFERRAL') break;
      expect(Date.now()).toBeLessThan(imposedBy);
      await new Promise((res) => setTimeout(res, 100));
    }

    // Treatment: referral, a session with clinical notes and a concern, a drug test, a practitioner report.
    await ok(post(a, `${r}/referral`, probation, { providerOrgId: 'PROV-DRUGS' }));
    await ok(post(a, `${r}/acceptance`, provider, { accepted: true }));
    const start = new Date(Date.parse(await now()) + 3_600_000).toISOString();
    const booked = await ok(
      post(a, `${r}/appointments`, provider, {
        start,
        durationMinutes: 50,
        kind: 'ONE_TO_ONE',
        deliveryMode: 'IN_PERSON',
        enforceable: true,
      }),
      201,
    );
    const appointmentId = (booked.appointmentId ?? booked.id) as string;
    await advance('PT2H');
    await ok(
      post(a, `${r}/appointments/${appointmentId}/outcome`, provider, {
        sessionHappened: true,
        attended: 'LATE',
        lateReason: S.lateReason,
        behaviourConcern: true,
        notes: S.outcomeNotes,
      }),
    );
    const dueAt = new Date(Date.parse(await now()) + 3_600_000).toISOString();
    const test = await ok(
      post(a, `${r}/drug-tests`, provider, { dueAt, directedBy: 'TREATMENT_DIRECTOR' }),
      201,
    );
    const testId = (test.testId ?? test.id) as string;
    await advance('PT70M');
    await ok(
      post(a, `${r}/drug-tests/${testId}/sample`, provider, {
        status: 'COLLECTED',
        sampleType: 'ORAL_FLUID',
        method: 'POINT_OF_CARE_SCREEN',
      }),
    );
    await ok(
      post(a, `${r}/drug-tests/${testId}/result`, provider, {
        substances: [{ substance: 'OPIATES', result: 'POSITIVE' }],
        explanation: S.explanation,
      }),
    );
    await ok(
      post(a, `${r}/practitioner-reports`, provider, {
        opinion: 'CONTINUE_BEYOND_PERIOD',
        narrative: S.narrative,
      }),
    );

    // Requests that fail: refused by the domain, malformed, unauthenticated, and reads of everything seeded.
    const refused = await post(a, `${r}/appointments/${appointmentId}/reschedule`, provider, {
      start,
      requestedBy: 'SERVICE',
      reason: S.rejectedText,
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    const malformed = await post(a, '/v1/orders', assessor, {
      ...openCaseBody({ givenName: S.givenName, familyName: S.familyName, dateOfBirth: S.dateOfBirth }),
      extra: S.malformedText,
    });
    expect(malformed.status).toBe(400);
    expect((await get(a, o, S.badToken)).status).toBe(401);
    expect((await get(a, o, probation)).status).toBe(200);
    expect((await get(a, r, provider)).status).toBe(200);
    expect((await get(a, '/v1/deadlines', probation)).status).toBe(200);
    // Sentinels in a URL: the request log names the route, never the path or query it came with.
    const nameInPath = `/v1/orders/${S.givenName}-${S.familyName}?dob=${S.dateOfBirth}`;
    expect((await get(a, nameInPath, probation)).status).toBeGreaterThanOrEqual(400);
    expect((await get(a, `/no-such-route/${S.familyName}`, probation)).status).toBe(404);

    // The relay has tried (and failed) to deliver probation's concern notification: its log lines count too.
    const relayed = Date.now() + 10_000;
    while (probationFailures.length === 0 && Date.now() < relayed)
      await new Promise((res) => setTimeout(res, 100));
    expect(probationFailures.length).toBeGreaterThan(0);
    const stopped = await a.stop(20_000);
    expect(stopped).toEqual({ code: 0, signal: null });

    const lines = [...a.stdout, ...a.stderr];
    // The logs are there to be searched: the debug level is on and the app logged its work.
    expect(a.stdout.some((l) => l.includes('"level":20'))).toBe(true);
    expect(a.stdout.some((l) => l.includes('notification delivery failed'))).toBe(true);
    const sentinels: Record<string, string> = { ...S };
    for (const [n, t] of tokens.entries()) {
      const [header, payload, signature] = t.split('.');
      sentinels[`token ${n}`] = t;
      sentinels[`token ${n} payload`] = payload!;
      sentinels[`token ${n} signature`] = signature!;
      expect(header).toBeTruthy();
    }
    const leaks = Object.entries(sentinels).flatMap(([name, value]) =>
      lines.filter((l) => l.toLowerCase().includes(value.toLowerCase())).map((l) => `${name}: ${l}`),
    );
    expect(leaks).toEqual([]);
  });
});
