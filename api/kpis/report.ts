import type { Kysely } from 'kysely';
import { addDays, addMonths, isBankHoliday } from '../../domain/calendar';
import type { DomainConfig } from '../../domain/config';
import type { Database } from '../../db/schema';
import type { Principal } from '../env';
import { problems } from '../problem';
import type { Read } from '../reads/queries/read';
import type { DayRange, FactOptions } from '../reads/queries/kpis';
import type { KpiQuery, KpiReport } from '../schemas/kpi';
import { NATIONAL, kpiRegionOf } from '../scope';
import { computeFigures } from './figures';
import { factsByBreakdown, finestFacts } from './period-facts';
import { KPIS } from './registry';

/** Counts below this are suppressed unless configured otherwise (KPI_SUPPRESSION_THRESHOLD). */
export const DEFAULT_SUPPRESSION_THRESHOLD = 5;

export interface KpiSettings {
  config: DomainConfig;
  threshold: number;
}

/** A month (`2027-03`) or quarter (`2027-Q1`) as whole days: `to` exclusive. */
export function periodOf(label: string): DayRange & { label: string } {
  const [year, part] = label.split('-') as [string, string];
  const quarter = part.startsWith('Q') ? Number(part.slice(1)) : null;
  const from = `${year}-${String(quarter === null ? Number(part) : quarter * 3 - 2).padStart(2, '0')}-01`;
  return { label, from, to: addMonths(from, quarter === null ? 1 : 3) };
}

/** What a period's facts are computed with: the bank holidays to six weeks past its end, enough for 10 working days. */
export function factOptions(period: DayRange, config: DomainConfig): FactOptions {
  const bankHolidays: string[] = [];
  const end = addDays(period.to, 42);
  for (let d = period.from; d < end; d = addDays(d, 1))
    if (isBankHoliday(d, { extraBankHolidays: config.extraBankHolidays })) bankHolidays.push(d);
  return {
    bankHolidays,
    inductionWithinDays: config.inductionWithinDays,
    firstTreatmentWithinWorkingDays: config.firstAppointmentWithinWorkingDays,
  };
}

const FILTERS = ['type', 'provider', 'court', 'pdu', 'region'] as const;

/** How every KPI is defined, as each report states it. */
export const KPI_DEFINITIONS = KPIS.map((k) => ({
  id: k.id,
  title: k.title,
  unit: k.unit,
  level: k.level,
  definition: k.definition,
  categories: k.categories ? [...k.categories] : null,
}));

/**
 * The KPIs over a period for the caller's area (a regional commissioner's region, or England and Wales), by
 * one dimension, with small numbers suppressed; the read is access-logged with its filter.
 */
export async function kpiReport(
  db: Kysely<Database>,
  p: Principal,
  query: KpiQuery,
  settings: KpiSettings,
): Promise<Read<KpiReport>> {
  const region = kpiRegionOf(p);
  if (region === undefined) throw problems.forbidden(`The ${p.role} role may not read KPIs.`);
  if (region !== null && query.region !== undefined && query.region !== region)
    throw problems.forbidden(`A commissioner for ${region} sees only its own region's figures.`);
  const filters: Partial<Record<(typeof FILTERS)[number], string>> = {};
  for (const f of FILTERS) if (query[f] !== undefined) filters[f] = query[f];
  if (region !== null) filters.region = region;

  const period = periodOf(query.period);
  const options = factOptions(period, settings.config);
  const asked = FILTERS.filter((f) => filters[f] !== undefined);
  const by = query.by ?? null;
  // Unfiltered, the breakdown's own sums; filtered, the combinations the filters pick, summed by the breakdown.
  const rows =
    asked.length === 0
      ? (await factsByBreakdown(db, period, options)).get(by)!
      : (await finestFacts(db, period, options)).filter((r) => asked.every((f) => r[f] === filters[f]));

  const logKey = [`period=${period.label}`, ...(by ? [`by=${by}`] : [])]
    .concat(asked.map((f) => `${f}=${filters[f]}`))
    .join('&');
  return {
    value: {
      period: { label: period.label, from: period.from, to: addDays(period.to, -1) },
      area: region ?? NATIONAL,
      by,
      filters,
      threshold: settings.threshold,
      definitions: KPI_DEFINITIONS,
      figures: computeFigures(rows, by, settings.threshold),
    },
    accessed: [{ action: 'READ', resourceType: 'kpis', resourceId: logKey, orderId: null }],
  };
}
