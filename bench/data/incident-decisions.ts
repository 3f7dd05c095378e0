import { CONDUCT } from './design';
import type { Prng } from './prng';
import type { OrderSimulation } from './simulation';

/** The RO decides each incident the next working day: a first unacceptable failure brings a warning. */
export function decidePendingIncidents(sim: OrderSimulation, rng: Prng): void {
  const { compliance, status } = sim.order;
  if (status !== 'ACTIVE') return;
  for (const incident of Object.values(compliance.incidents)) {
    if (incident.status !== 'PENDING_DECISION') continue;
    const warned = sim.order.compliance.warnings.some((w) => !w.expired);
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
