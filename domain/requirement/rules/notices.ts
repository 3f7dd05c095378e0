import { addMonths } from '../../calendar';
import type { DomainConfig } from '../../config';
import type { RequirementImposition } from '../../links';
import { firstPeriodStart, lastPeriodEnd } from './periods';

/** What the court may do but someone should look at: surfaced in the view, never a refusal. */
export function impositionNotices(imposition: RequirementImposition, config: DomainConfig): string[] {
  const notices: string[] = [];
  const start = firstPeriodStart(imposition.periods);
  const end = lastPeriodEnd(imposition.periods);
  if (imposition.type === 'ATR' && end < addMonths(start, config.atrShortPeriodWarningMonths))
    notices.push(
      `ATR shorter than ${config.atrShortPeriodWarningMonths} months: older guidance gives that as a minimum.`,
    );
  if (imposition.type === 'DRR' && !imposition.review && end >= addMonths(start, 12))
    notices.push(
      'DRR of 12 months without reviews: the statute requires them only above 12 months; HMPPS guidance says "twelve months or more".',
    );
  if (imposition.type === 'MHTR' && imposition.mode === 'IN_PATIENT')
    notices.push(
      'In-patient MHTR: confirm the named place is a care home or hospital outside high-security premises.',
    );
  return notices;
}
