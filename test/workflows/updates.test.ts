import { describe, expect, it } from 'vitest';
import { commandRoutes } from '../../api/commands/catalogue';
import { orderUpdates, requirementUpdates } from '../../workflows/messages';

const sent = (targets: string[]) =>
  [...new Set(commandRoutes.filter((r) => targets.includes(r.target)).map((r) => r.command))].sort();

describe('workflow updates', () => {
  it('are the commands parties send (the API catalogue), and not the messages between workflows', () => {
    expect(Object.keys(orderUpdates).sort()).toEqual(sent(['order', 'order-via-requirement']));
    expect(Object.keys(requirementUpdates).sort()).toEqual(sent(['requirement']));
  });
});
