import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { OrderView } from '../../domain/order';
import { discloseOrder } from '../disclosure/order';
import { type StoredRequirementView, discloseRequirementView } from '../disclosure/requirement';
import type { Principal } from '../env';
import { visibleRequirementIds } from '../scope';
import type { CommandRoute } from './catalogue';

/**
 * What a command answers with: the view its workflow returned, as the caller's role may see it, or, for a
 * command that creates something, that thing picked out of it.
 */
export async function commandAnswer(
  db: Kysely<Database>,
  principal: Principal,
  def: CommandRoute,
  sent: { orderId: string; command: Record<string, unknown>; view: unknown },
) {
  const disclosed =
    def.target === 'requirement'
      ? discloseRequirementView(principal.role, sent.view as StoredRequirementView)
      : discloseOrder(
          principal.role,
          sent.view as OrderView,
          await visibleRequirementIds(db, principal, sent.orderId),
        );
  const pick = def.creates?.pick as
    ((view: unknown, command: Record<string, unknown>) => unknown) | undefined;
  return (pick?.(disclosed, sent.command) ?? disclosed) as Record<string, unknown>;
}

/** 201 for a command that creates something, else 200. */
export const answerStatus = (def: CommandRoute) => (def.creates ? 201 : 200);
