import { isReferralMandatory, warningWithin12MonthsOf } from '../../domain/order/rules/warnings';
import { CONDUCT } from './design';
import type { Prng } from './prng';
import type { OrderSimulation } from './simulation';

/** The RO decides each incident the next working day: a first unacceptable failure brings a warning. */
export function decidePendingIncidents(sim: OrderSimulation, rng: Prng): void {
  const { compliance, status } = sim.order;
  if (status !== 'ACTIVE') return;
  for (const incident of Object.values(compliance.incidents)) {
    if (incident.status !== 'PENDING_DECISION') continue;
    // A failure under a warning (or soon after one) is the enforcement officer's, not a new warning's.
    const warned =
      sim.order.compliance.warnings.some((w) => !w.expired) ||
      isReferralMandatory(sim.order, incident) ||
      warningWithin12MonthsOf(sim.order, sim.now.slice(0, 10)) !== undefined;
    if (!warned && rng.chance(CONDUCT.unacceptableWithoutWarning)) {
      sim.orderCommand({
        type: 'DecideIncident',
        incidentId: incident.incidentId,
        decision: 'UNACCEPTABLE',
        reason: 'No acceptable reason given',
      });
      sim.orderCommand({
        type: 'GiveWarning',
        incidentId: incident.incidentId,
        givenOn: sim.now.slice(0, 10),
        deliveryMethod: 'IN_PERSON',
      });
    } else {
      sim.orderCommand({
        type: 'DecideIncident',
        incidentId: incident.incidentId,
        decision: 'ACCEPTABLE',
        reason: 'Medical appointment evidenced',
      });
    }
  }
}
