import { addDays, addMonths, addWorkingDays, type LocalDate } from '../../domain/calendar';
import { DEFAULT_CONFIG } from '../../domain/config';
import { Agenda } from './agenda';
import { at, openAndSentence, planRequirements } from './case-opening';
import { RequirementDelivery } from './delivery';
import { DESIGN_YEAR } from './design';
import { Prng, deterministicUuid } from './prng';
import type { OrderLife } from './records';
import { OrderSimulation } from './simulation';

/** Days after the order's end date to let the last timers fire (requirement ends awaited, warnings). */
const SETTLE_DAYS = 60;

/** The hearing day of the order at `index` of `count`: spread evenly over the year's working days. */
export function hearingDateOf(index: number, count: number): LocalDate {
  const day = Math.floor((index * DESIGN_YEAR.hearingDays) / count);
  return addWorkingDays(DESIGN_YEAR.firstHearing, day, DEFAULT_CONFIG);
}

/** One order of the design year, from identification to its end, deterministic for (seed, index). */
export function generateOrderLife(seed: number, index: number, count: number): OrderLife {
  const rng = new Prng(seed, index);
  const hearingDate = hearingDateOf(index, count);
  const orderId = deterministicUuid(index + 1, 0);
  const sim = new OrderSimulation(index, orderId, at(hearingDate, '09:00'));
  const planned = planRequirements(
    sim,
    rng,
    hearingDate,
    DESIGN_YEAR.typeWeights,
    DESIGN_YEAR.secondRequirementShare,
  );
  openAndSentence(sim, rng, hearingDate, planned);
  const agenda = new Agenda();
  const inductionDay = addWorkingDays(hearingDate, 2, DEFAULT_CONFIG);
  agenda.add(at(inductionDay, '16:00'), () =>
    sim.orderCommand({ type: 'CompleteInduction', completedOn: inductionDay }),
  );
  for (const r of planned) new RequirementDelivery(sim, rng, agenda, r, hearingDate).plan();
  agenda.runAll((instant) => sim.advanceTo(instant));
  sim.advanceTo(at(addDays(addMonths(hearingDate, 12), SETTLE_DAYS), '23:00'));
  return sim.life();
}
