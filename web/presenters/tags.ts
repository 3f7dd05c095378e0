import { words } from '../render';

type Colour = 'grey' | 'green' | 'blue' | 'yellow' | 'orange' | 'red' | 'purple' | 'turquoise';

/** Statuses that mean something went wrong, is waiting on someone, or is over: shown in those colours. */
const COLOURS: Record<string, Colour> = {
  ACTIVE: 'green',
  IN_TREATMENT: 'green',
  COMPLIED_WITH: 'green',
  ATTENDED: 'green',
  ALL_NEGATIVE: 'green',
  AWAITING_REFERRAL: 'yellow',
  REFERRED: 'yellow',
  PENDING_DECISION: 'orange',
  SCHEDULED: 'blue',
  DIRECTED: 'blue',
  UNACCEPTABLE: 'red',
  POSITIVE_UNEXPLAINED: 'red',
  BREACH_PROCEEDINGS: 'red',
  IN_BREACH: 'red',
  WARNED: 'orange',
  ACCEPTABLE: 'turquoise',
};

/** A GOV.UK tag for a status: its words and colour (grey for what has ended or is unknown). */
export function statusTag(status: string | null | undefined) {
  if (!status) return { text: 'Not known', classes: 'govuk-tag--grey' };
  const colour =
    COLOURS[status] ??
    (/ENDED|CLOSED|REVOKED|TERMINATED|WITHDRAWN|SUPERSEDED/.test(status) ? 'grey' : 'blue');
  return { text: words(status), classes: `govuk-tag--${colour}` };
}
