import { DEFAULT_CONFIG } from '../../domain/config';
import type { DecideContext } from '../../domain/core';
import {
  type OrderState,
  decideOrder,
  evolveOrder,
  initialOrderState,
  nextOrderTimer,
  orderDeadlines,
  orderView,
  tickOrder,
} from '../../domain/order';
import {
  type RequirementState,
  decideRequirement,
  evolveRequirement,
  initialRequirementState,
  nextRequirementTimer,
  requirementDeadlines,
  requirementView,
  tickRequirement,
} from '../../domain/requirement';
import { generateOrderLife } from '../data/order-life';
import { deterministicUuid } from '../data/prng';

// What a workflow computes after each step besides deciding it (issue 15, "cheap time"): the next timer, the
// deadlines and the view, each timed beside decide + tick on the same steps. No year file: the orders are
// generated here, spread over the design year.
//
//   npx tsx bench/domain/workflow-step.ts [--orders 100]

const parts = ['decide + tick', 'next timer: order', 'next timer: requirement', 'deadlines', 'view'] as const;
type Part = (typeof parts)[number];

function main(): void {
  const ordersArg = process.argv.indexOf('--orders');
  const orders = ordersArg > 0 ? Number(process.argv[ordersArg + 1]) : 100;
  const ns: Record<Part, bigint> = {
    'decide + tick': 0n,
    'next timer: order': 0n,
    'next timer: requirement': 0n,
    deadlines: 0n,
    view: 0n,
  };
  const timed = <T>(part: Part, fn: () => T): T => {
    const started = process.hrtime.bigint();
    const result = fn();
    ns[part] += process.hrtime.bigint() - started;
    return result;
  };
  let steps = 0;
  for (let n = 0; n < orders; n++) {
    const life = generateOrderLife(7, Math.floor((n * 30_000) / orders), 30_000);
    let ids = 0;
    const newId = () => deterministicUuid(life.index + 1, ++ids);
    const ctx = (now: string): DecideContext => ({ now, newId, config: DEFAULT_CONFIG });
    let order: OrderState = initialOrderState;
    const requirements = new Map<string, RequirementState>();
    for (const step of life.steps) {
      steps++;
      if (step.kind === 'order-command' || step.kind === 'order-tick') {
        const events = timed('decide + tick', () => {
          if (step.kind === 'order-tick') return tickOrder(order, ctx(step.now));
          const d = decideOrder(order, step.command, ctx(step.now));
          return d.ok ? d.events : [];
        });
        order = events.reduce(evolveOrder, order);
        timed('next timer: order', () => nextOrderTimer(order, DEFAULT_CONFIG));
        timed('deadlines', () => orderDeadlines(order, DEFAULT_CONFIG));
        timed('view', () => orderView(order, DEFAULT_CONFIG));
      } else {
        const before = requirements.get(step.requirementId) ?? initialRequirementState;
        const events = timed('decide + tick', () => {
          if (step.kind === 'requirement-tick') return tickRequirement(before, ctx(step.now));
          const d = decideRequirement(before, step.command, ctx(step.now));
          return d.ok ? d.events : [];
        });
        const state = events.reduce(evolveRequirement, before);
        requirements.set(step.requirementId, state);
        timed('next timer: requirement', () => nextRequirementTimer(state, DEFAULT_CONFIG));
        timed('deadlines', () => requirementDeadlines(state, DEFAULT_CONFIG));
        timed('view', () => requirementView(state, DEFAULT_CONFIG));
      }
    }
  }
  const baseline = Number(ns['decide + tick']);
  console.log(`${orders} orders, ${steps} steps (commands, messages and timers)\n`);
  console.log('| after each step | total | per step | × decide + tick |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const part of parts) {
    const total = Number(ns[part]);
    console.log(
      `| ${part} | ${(total / 1e9).toFixed(2)} s | ${(total / 1e3 / steps).toFixed(0)} µs | ${(total / baseline).toFixed(2)}× |`,
    );
  }
}

main();
