import type { Migration } from 'kysely';
import * as foundation from './2026_11_23_0001_foundation';
import * as projections from './2026_11_24_0002_projections';
import * as subscribers from './2026_11_24_0003_subscribers';
import * as securityLog from './2026_11_25_0004_security_log';
import * as orderScope from './2026_12_06_0010_order_scope_through_requirements';
import * as regions from './2026_12_06_0017_regions';
import * as failedBatches from './2026_12_06_0020_failed_batches';
import * as webSessions from './2026_12_06_0030_web_sessions';
import * as pageRefusals from './2026_12_06_0040_page_refusals';
import * as kpiEvents from './2026_12_06_0045_kpi_events';
import * as kpiMonthlySums from './2026_12_06_0050_kpi_monthly_sums';
import * as worklistReads from './2026_12_06_0060_worklist_reads';
import * as kpiKeptSums from './2026_12_06_0070_kpi_kept_sums';
import * as kpiMilestones from './2026_12_07_0010_kpi_milestones';
import * as kpiMilestonesRenumbered from './2026_12_07_0020_kpi_milestones_renumbered_appointment';
import * as kpiReviewSums from './2026_12_08_0010_kpi_review_sums';
import * as kpiSpanSums from './2026_12_09_0010_kpi_span_sums';
import * as kpiFirstMonthSpans from './2026_12_09_0011_kpi_first_month_spans';
import * as kpiSpanTriggersNarrowed from './2026_12_10_0010_kpi_span_triggers_narrowed';
import * as requirementDisclosures from './2026_12_10_0020_requirement_disclosures';
import * as accesses from './2026_12_13_0010_accesses';
import * as kpiIngestCost from './2026_12_13_0020_kpi_ingest_cost';

/** Every migration, by the name it is recorded under; names sort in the order they run. */
export const migrations: Record<string, Migration> = {
  '2026_11_23_0001_foundation': foundation,
  '2026_11_24_0002_projections': projections,
  '2026_11_24_0003_subscribers': subscribers,
  '2026_11_25_0004_security_log': securityLog,
  '2026_12_06_0010_order_scope_through_requirements': orderScope,
  '2026_12_06_0017_regions': regions,
  '2026_12_06_0020_failed_batches': failedBatches,
  '2026_12_06_0030_web_sessions': webSessions,
  '2026_12_06_0040_page_refusals': pageRefusals,
  '2026_12_06_0045_kpi_events': kpiEvents,
  '2026_12_06_0050_kpi_monthly_sums': kpiMonthlySums,
  '2026_12_06_0060_worklist_reads': worklistReads,
  '2026_12_06_0070_kpi_kept_sums': kpiKeptSums,
  '2026_12_07_0010_kpi_milestones': kpiMilestones,
  '2026_12_07_0020_kpi_milestones_renumbered_appointment': kpiMilestonesRenumbered,
  '2026_12_08_0010_kpi_review_sums': kpiReviewSums,
  '2026_12_09_0010_kpi_span_sums': kpiSpanSums,
  '2026_12_09_0011_kpi_first_month_spans': kpiFirstMonthSpans,
  '2026_12_10_0010_kpi_span_triggers_narrowed': kpiSpanTriggersNarrowed,
  '2026_12_10_0020_requirement_disclosures': requirementDisclosures,
  '2026_12_13_0010_accesses': accesses,
  '2026_12_13_0020_kpi_ingest_cost': kpiIngestCost,
};
