import { addMonths, londonDate, type LocalDate } from '../../calendar';
import type { Incident, OrderState, Warning } from '../state';
import { WARNING_VALID_MONTHS } from './limits';

// R15: at most one warning in any 12 months; a further failure inside a warning's 12 months goes to the EO.

export function warningExpiresOn(givenOn: LocalDate): LocalDate {
  return addMonths(givenOn, WARNING_VALID_MONTHS);
}

/** A warning whose 12 months overlap a warning given on `givenOn` (before or after it). */
export function warningWithin12MonthsOf(state: OrderState, givenOn: LocalDate): Warning | undefined {
  return state.compliance.warnings.find(
    (w) => givenOn < w.expiresOn && w.givenOn < warningExpiresOn(givenOn),
  );
}

/** The warning (for another failure) in force on the day this failure happened, if any. */
export function warningInForceAt(state: OrderState, incident: Incident): Warning | undefined {
  const day = londonDate(incident.occurredAt);
  return state.compliance.warnings.find(
    (w) => w.incidentId !== incident.incidentId && w.givenOn <= day && day < w.expiresOn,
  );
}

export function isReferralMandatory(state: OrderState, incident: Incident): boolean {
  return warningInForceAt(state, incident) !== undefined;
}

/** R16: what the warning must say. */
export function warningStatement(expiresOn: LocalDate): string {
  return (
    'This failure to comply was without reasonable excuse and is unacceptable. If you fail again to comply ' +
    `with the order before ${expiresOn} (within 12 months), you will be liable to be brought before a court.`
  );
}

export function describeIncident(incident: Incident): string {
  const what = incident.source.toLowerCase().replaceAll('_', ' ');
  return `${what} on ${londonDate(incident.occurredAt)}`;
}
