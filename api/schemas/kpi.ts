import { z } from 'zod';
import { DIMENSIONS } from '../kpis/figures';
import { KPI_IDS, definitionsTable } from '../kpis/registry';

/** `YYYY-MM` (a month) or `YYYY-Qn` (a calendar quarter). */
export const PeriodParam = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, 'a month (YYYY-MM) or a quarter (YYYY-Q1 to YYYY-Q4)')
  .describe('The period: a month (`2027-03`) or a calendar quarter (`2027-Q1`).');

const filter = (what: string) => z.string().trim().min(1).max(100).optional().describe(`Only ${what}.`);

export const KpiQuery = z
  .object({
    period: PeriodParam,
    by: z
      .enum(DIMENSIONS)
      .optional()
      .describe(
        'Break every figure down by requirement type (for order figures, the order’s types joined with +, e.g. ATR+MHTR), provider (requirement figures only), court, probation delivery unit or region (of the PDU).',
      ),
    type: filter('this requirement type, or for order figures this combination of types'),
    provider: filter('this provider’s requirements (order figures are then left out)'),
    court: filter('orders made by this court'),
    pdu: filter('orders supervised by this probation delivery unit'),
    region: filter('orders supervised in this region (a regional commissioner may name only its own)'),
  })
  .strict();
export type KpiQuery = z.infer<typeof KpiQuery>;

export const KpiId = z.enum(KPI_IDS).describe(`The KPI. Each is defined once:\n\n${definitionsTable()}`);

export const KpiDefinitionView = z
  .object({
    id: KpiId,
    title: z.string().describe('What it measures, in a few words.'),
    unit: z.enum(['count', 'percent', 'days', 'per 100 orders']).describe('The unit of its values.'),
    level: z.enum(['requirement', 'order']).describe('What it counts: requirements, or orders.'),
    definition: z.string().describe('How the figure is defined and computed.'),
    categories: z.array(z.string()).nullable().describe('For a figure per category: the categories.'),
  })
  .meta({ id: 'KpiDefinition' });

export const KpiFigure = z
  .object({
    kpi: KpiId,
    category: z.string().nullable().describe('The reason, substance, decision or outcome; null if none.'),
    group: z.string().nullable().describe('The value of the `by` dimension; null for the whole area.'),
    numerator: z
      .number()
      .int()
      .nullable()
      .describe('The count (of a rate, its numerator); null if suppressed.'),
    denominator: z
      .number()
      .int()
      .nullable()
      .describe('What a rate is out of, or how many a median is of; null if suppressed or none.'),
    value: z
      .number()
      .nullable()
      .describe('The figure, in the KPI’s unit; null if suppressed or nothing to measure.'),
    suppressed: z
      .boolean()
      .describe('Hidden by disclosure control (a small number, or one that would reveal one).'),
  })
  .meta({ id: 'KpiFigure' });

export const KpiReport = z
  .object({
    period: z
      .object({
        label: z.string().describe('The period as asked for (2027-03, 2027-Q1).'),
        from: z.iso.date().describe('First day.'),
        to: z.iso.date().describe('Last day.'),
      })
      .describe('The period the figures cover.'),
    area: z.string().describe('NATIONAL (England and Wales), or the region the figures are confined to.'),
    by: z
      .enum(DIMENSIONS)
      .nullable()
      .describe('The dimension the figures are broken down by; null for none.'),
    filters: z.record(z.string(), z.string()).describe('The filters applied.'),
    threshold: z
      .number()
      .int()
      .describe('Counts from 1 to threshold − 1 are suppressed, with whatever would reveal them.'),
    definitions: z.array(KpiDefinitionView).describe('Every KPI’s definition, once.'),
    figures: z
      .array(KpiFigure)
      .describe(
        'Each KPI for the whole area (group null) and, with `by`, for each group; per category where it has them.',
      ),
  })
  .meta({ id: 'KpiReport' });
export type KpiReport = z.infer<typeof KpiReport>;
