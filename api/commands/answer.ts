import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { OrderView } from '../../domain/order';
import { isStoredAnswer } from '../../workflows/messages';
import { discloseOrder } from '../disclosure/order';
import type { StoredRequirementView } from '../../domain/disclosure/requirement';
import { discloseRequirementView } from '../disclosure/requirement';
import type { Principal } from '../env';
import { problems } from '../problem';
import { visibleRequirementIds } from '../scope';
import type { CommandRoute } from './catalogue';

interface Sent {
  orderId: string;
  /** The requirement a requirement command went to. */
  requirementId: string | null;
  command: Record<string, unknown>;
  /** What the workflow's Update answered: the view, or the version it is stored at. */
  answer: unknown;
}

/** How long an answer waits for the view its Update named to be stored, and how often it looks. */
const STORED_VIEW_WAIT_MS = 2_000;
const STORED_VIEW_POLL_MS = 50;

/** The view a command's Update answered was not stored in time: the command was applied, its answer is not. */
const viewNotStored = () =>
  problems.unavailable(
    'The command was applied, and its answer is not ready. Resend it shortly with the same Idempotency-Key: it is then answered as it was applied, and not applied again.',
    1,
  );

/**
 * The view the command made: the Update's answer, or, when the view was large, the view as stored at that
 * version or a later one. A first Update's own batch is stored before it answers; an Update delivered again
 * answers with the workflow's version once its batches so far are stored, and a message from another workflow
 * applied meanwhile can make that a version whose batch is still being stored: the answer waits for it a
 * little, then asks for a resend.
 */
async function commandView(db: Kysely<Database>, def: CommandRoute, sent: Sent): Promise<unknown> {
  if (!isStoredAnswer(sent.answer)) return sent.answer;
  const { storedVersion } = sent.answer;
  const stored = () =>
    def.target === 'requirement'
      ? db
          .selectFrom('requirements')
          .select('view')
          .where('id', '=', sent.requirementId!)
          .where('version', '>=', storedVersion)
          .executeTakeFirst()
      : db
          .selectFrom('orders')
          .select('view')
          .where('id', '=', sent.orderId)
          .where('version', '>=', storedVersion)
          .executeTakeFirst();
  const until = Date.now() + STORED_VIEW_WAIT_MS;
  for (;;) {
    const row = await stored();
    if (row) return row.view;
    if (Date.now() >= until) throw viewNotStored();
    await sleep(STORED_VIEW_POLL_MS);
  }
}

/**
 * What a command answers with: the view it made, as the caller's role may see it, or, for a command that
 * creates something, that thing picked out of it.
 */
export async function commandAnswer(
  db: Kysely<Database>,
  principal: Principal,
  def: CommandRoute,
  sent: Sent,
) {
  const view = await commandView(db, def, sent);
  const disclosed =
    def.target === 'requirement'
      ? discloseRequirementView(principal.role, view as StoredRequirementView)
      : discloseOrder(
          principal.role,
          view as OrderView,
          await visibleRequirementIds(db, principal, sent.orderId),
        );
  const pick = def.creates?.pick as
    ((view: unknown, command: Record<string, unknown>) => unknown) | undefined;
  return (pick?.(disclosed, sent.command) ?? disclosed) as Record<string, unknown>;
}

/** 201 for a command that creates something, else 200. */
export const answerStatus = (def: CommandRoute) => (def.creates ? 201 : 200);
