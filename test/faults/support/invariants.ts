import type { Client } from '@temporalio/client';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../db/schema';
import {
  orderViewQuery,
  orderWorkflowId,
  requirementViewQuery,
  requirementWorkflowId,
} from '../../../workflows/messages';
import { type Kind, type LoadClient, type Write, createdId } from './load';
import type { Callers, World } from './parties';

// After a fault: every acknowledged write is in the events, the projections and the workflows' state exactly
// once; a write not yet acknowledged (still being resent) at most once; no party sees another's cases. The
// check runs once the workflows are quiet (no activity or workflow task pending), since an activity lost with
// a killed worker is tried again only after its start-to-close timeout.

/** The event each kind of command appends. */
const EVENT_OF: Record<Kind, string> = {
  openCase: 'CaseIdentified',
  recordScreening: 'ScreeningRecorded',
  adjournHearing: 'HearingAdjourned',
  bookAppointment: 'AppointmentBooked',
  permitResidenceChange: 'ResidenceChangePermitted',
};

export interface Tally {
  acknowledged: number;
  /** Acknowledged writes missing from the events, the projections or a workflow's state. */
  lost: string[];
  /** Writes found more often than they were sent (a retry applied twice). */
  duplicated: string[];
  /** Anything else wrong: a refusal, a 5xx other than 503, a replay that answered differently, a leak. */
  broken: string[];
}

interface Check {
  db: Kysely<Database>;
  base: string;
  temporal: Client;
  load: LoadClient;
  world: World;
  callers: Callers;
}

async function read(base: string, path: string, token: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: res.ok ? await res.json() : await res.text() };
}

async function listAll(base: string, path: string, token: string): Promise<{ id: string }[]> {
  const items: { id: string }[] = [];
  let cursor: string | null = null;
  do {
    const page = await read(base, `${path}?limit=200${cursor ? `&cursor=${cursor}` : ''}`, token);
    if (page.status !== 200) throw new Error(`${path}: ${page.status} ${String(page.body)}`);
    const body = page.body as { items: { id: string }[]; nextCursor: string | null };
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return items;
}

const count = <T>(list: T[], x: T) => list.filter((y) => y === x).length;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The workflows of every order and requirement the load wrote to. */
export function workflowIdsOf(world: World, load: LoadClient): string[] {
  const opened = load.writes
    .filter((w) => w.kind === 'openCase' && w.acked)
    .map((w) => createdId(w, 'orderId'));
  return [
    ...new Set([...world.active.map((s) => s.orderId), ...world.opened, ...opened].map(orderWorkflowId)),
    ...world.active.map((s) => requirementWorkflowId(s.orderId, s.requirementId)),
  ];
}

/**
 * Waits until none of the workflows has an activity or a workflow task pending (what the engine still owes
 * them), up to `withinMs`; answers the ones still busy then.
 */
export async function quiesce(temporal: Client, workflowIds: string[], withinMs: number): Promise<string[]> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const busy: string[] = [];
    for (const id of workflowIds) {
      const { raw } = await temporal.workflow.getHandle(id).describe();
      const activities = raw.pendingActivities?.length ?? 0;
      if (activities > 0 || raw.pendingWorkflowTask)
        busy.push(`${id} (${activities} activities${raw.pendingWorkflowTask ? ', a workflow task' : ''})`);
    }
    if (busy.length === 0 || Date.now() > deadline) return busy;
    await sleep(500);
  }
}

/** Checks once the workflows are quiet, or `quietWithinMs` has passed (the busy ones then count as broken). */
export async function checkInvariants(check: Check, quietWithinMs = 45_000): Promise<Tally> {
  const busy = await quiesce(check.temporal, workflowIdsOf(check.world, check.load), quietWithinMs);
  const tally = await checkOnce(check);
  tally.broken.push(...busy.map((b) => `still busy after ${quietWithinMs} ms: ${b}`));
  return tally;
}

async function checkOnce({ db, base, temporal, load, world, callers }: Check): Promise<Tally> {
  const tally: Tally = { acknowledged: 0, lost: [], duplicated: [], broken: [] };
  const writes = load.writes;
  const acked = writes.filter((w) => w.acked);
  tally.acknowledged = acked.length;

  for (const w of writes) {
    if (w.refused) tally.broken.push(`${w.kind} ${w.key} refused: ${w.refused.status} ${w.refused.text}`);
    for (const a of w.attempts) {
      if (a.status >= 500 && a.status !== 503) tally.broken.push(`${w.kind} ${w.key} answered ${a.status}`);
      if (a.status === 503 && !a.retryAfter) tally.broken.push(`${w.kind} ${w.key}: 503 without Retry-After`);
      const ok = a.status >= 200 && a.status < 300;
      if (ok && w.acked && (a.status !== w.acked.status || a.text !== w.acked.text))
        tally.broken.push(`${w.kind} ${w.key}: a repeat answered otherwise than the first acknowledgement`);
    }
  }
  for (const m of load.replayMismatches)
    tally.broken.push(
      `${m.write.kind} ${m.write.key}: replayed as ${m.answer.status} ${m.answer.text.slice(0, 200)}`,
    );

  // Events: per order (or requirement) and kind, acknowledged ≤ found ≤ acknowledged + still being resent.
  const events = await db
    .selectFrom('events')
    .select([
      'order_id',
      'requirement_id',
      'type',
      sql<string | null>`payload->>'appointmentId'`.as('appointment'),
    ])
    .execute();
  const target = (w: Write) => (w.kind === 'bookAppointment' ? w.requirementId! : (w.orderId ?? 'new'));
  const groups = new Map<
    string,
    { kind: Kind; id: string; acked: number; pending: number; refused: number }
  >();
  for (const w of writes) {
    const id = w.kind === 'openCase' ? 'new' : target(w);
    const key = `${w.kind} ${id}`;
    const g = groups.get(key) ?? { kind: w.kind, id, acked: 0, pending: 0, refused: 0 };
    if (w.acked) g.acked++;
    else if (w.refused) g.refused++;
    else g.pending++;
    groups.set(key, g);
  }
  const seededOrders = new Set(world.active.map((s) => s.orderId));
  const seededAppointments = new Set(world.active.map((s) => s.firstAppointmentId));
  const loadEvents = events.filter((e) => e.appointment === null || !seededAppointments.has(e.appointment));
  for (const g of groups.values()) {
    const type = EVENT_OF[g.kind];
    const found = loadEvents.filter(
      (e) =>
        e.type === type &&
        (g.kind === 'openCase'
          ? !seededOrders.has(e.order_id)
          : g.kind === 'bookAppointment'
            ? e.requirement_id === g.id
            : e.order_id === g.id),
    ).length;
    if (found < g.acked) tally.lost.push(`${type} on ${g.id}: ${found} of ${g.acked} acknowledged`);
    if (found > g.acked + g.pending && found <= g.acked + g.pending + g.refused)
      tally.broken.push(`${type} on ${g.id}: applied though answered with a refusal, never resent`);
    else if (found > g.acked + g.pending)
      tally.duplicated.push(
        `${type} on ${g.id}: ${found} for ${g.acked} acknowledged and ${g.pending} unanswered`,
      );
  }
  const opened = acked.filter((w) => w.kind === 'openCase').map((w) => createdId(w, 'orderId'));
  for (const id of opened) {
    const n = events.filter((e) => e.type === 'CaseIdentified' && e.order_id === id).length;
    if (n !== 1) (n === 0 ? tally.lost : tally.duplicated).push(`CaseIdentified of ${id}: ${n}`);
  }
  const bookings = acked.filter((w) => w.kind === 'bookAppointment');
  const bookedEvents = events.filter((e) => e.type === 'AppointmentBooked').map((e) => e.appointment);
  for (const w of bookings) {
    const n = count(bookedEvents, createdId(w, 'id'));
    if (n !== 1)
      (n === 0 ? tally.lost : tally.duplicated).push(`AppointmentBooked ${createdId(w, 'id')}: ${n}`);
  }

  // Projections: each order's and requirement's version is its number of events (none missed, none twice).
  const eventsPer = (id: string, column: 'order_id' | 'requirement_id') =>
    events.filter((e) => e[column] === id && (column === 'requirement_id' || e.requirement_id === null))
      .length;
  const touchedOrders = [...new Set([...world.active.map((s) => s.orderId), ...opened])];
  const orderRows = await db
    .selectFrom('orders')
    .select(['id', 'version', 'view'])
    .where('id', 'in', touchedOrders)
    .execute();
  for (const id of touchedOrders) {
    const row = orderRows.find((r) => r.id === id);
    if (!row) tally.lost.push(`order ${id} not projected`);
    else if (row.version !== eventsPer(id, 'order_id'))
      tally.broken.push(`order ${id}: projected version ${row.version}, ${eventsPer(id, 'order_id')} events`);
  }
  // …and the API reads every acknowledged appointment from them exactly once, as the workflow holds it.
  for (const s of world.active) {
    const provider = s.provider === 'PROV-DRUGS' ? callers.drugs : callers.alcohol;
    const projected = await read(base, `/v1/requirements/${s.requirementId}`, provider.token);
    const viewIds = ((projected.body as { appointments?: { id: string }[] }).appointments ?? []).map(
      (a) => a.id,
    );
    const workflow = await temporal.workflow
      .getHandle(requirementWorkflowId(s.orderId, s.requirementId))
      .query(requirementViewQuery);
    const stateIds = (workflow.appointments ?? []).map((a) => a.id);
    const mine = bookings.filter((w) => w.requirementId === s.requirementId).map((w) => createdId(w, 'id'));
    for (const id of mine) {
      if (count(viewIds, id) !== 1) tally.lost.push(`appointment ${id} read ${count(viewIds, id)} times`);
      if (count(stateIds, id) !== 1)
        tally.lost.push(`appointment ${id} in the workflow ${count(stateIds, id)} times`);
    }
    const booked = events.filter(
      (e) => e.type === 'AppointmentBooked' && e.requirement_id === s.requirementId,
    ).length;
    if (viewIds.length !== booked || stateIds.length !== booked)
      tally.broken.push(
        `requirement ${s.requirementId}: ${booked} booked, ${viewIds.length} read, ${stateIds.length} in the workflow`,
      );
  }
  // The workflows' own state matches the projection of every order written to.
  for (const row of orderRows) {
    const state = await temporal.workflow.getHandle(orderWorkflowId(row.id)).query(orderViewQuery);
    if (JSON.stringify(sortKeys(state)) !== JSON.stringify(sortKeys(row.view)))
      tally.broken.push(`order ${row.id}: the workflow's state differs from its projection`);
  }

  // No party sees another's cases: outsiders list none of them and read none of them.
  const ours = new Set(touchedOrders);
  for (const outsider of [callers.otherCourt, callers.otherPdu, callers.otherProvider]) {
    const seen = (await listAll(base, '/v1/orders', outsider.token)).filter((o) => ours.has(o.id));
    if (seen.length > 0)
      tally.broken.push(`${outsider.role} ${outsider.org} lists ${seen.length} of our orders`);
  }
  for (const s of world.active) {
    const other = s.provider === 'PROV-DRUGS' ? callers.alcohol : callers.drugs;
    const res = await read(base, `/v1/requirements/${s.requirementId}`, other.token);
    if (res.status !== 404)
      tally.broken.push(`${other.org} reads ${s.provider}'s requirement: ${res.status}`);
    const listed = (await listAll(base, '/v1/orders', other.token)).filter((o) => o.id === s.orderId);
    if (listed.length > 0) tally.broken.push(`${other.org} lists ${s.provider}'s order`);
  }
  const assessorSees = new Set((await listAll(base, '/v1/orders', callers.assessor.token)).map((o) => o.id));
  for (const id of opened) if (!assessorSees.has(id)) tally.lost.push(`order ${id} not listed to its court`);
  return tally;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => [k, sortKeys(v)]),
  );
}
