import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { OrderView } from '../../domain/order';
import { isStoredAnswer } from '../../workflows/messages';
import { discloseOrder } from '../disclosure/order';
import type { StoredRequirementView } from '../../domain/disclosure/requirement';
import { discloseRequirementView } from '../disclosure/requirement';
import type { Principal } from '../env';
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

/**
 * The view the command made: the Update's answer, or, when the view was large, the view as stored by the
 * command's own persist activity (at that version or a later one: the activity ran before the Update answered).
 */
async function commandView(db: Kysely<Database>, def: CommandRoute, sent: Sent): Promise<unknown> {
  if (!isStoredAnswer(sent.answer)) return sent.answer;
  const { storedVersion } = sent.answer;
  const row =
    def.target === 'requirement'
      ? await db
          .selectFrom('requirements')
          .select('view')
          .where('id', '=', sent.requirementId!)
          .where('version', '>=', storedVersion)
          .executeTakeFirst()
      : await db
          .selectFrom('orders')
          .select('view')
          .where('id', '=', sent.orderId)
          .where('version', '>=', storedVersion)
          .executeTakeFirst();
  if (!row) throw new Error(`the command's view is not stored at version ${storedVersion} or later`);
  return row.view;
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
