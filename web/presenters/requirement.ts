import type { z } from 'zod';
import type { RequirementRead } from '../../api/schemas/requirement-read';
import { govukDate, words } from '../render';
import { tagHtml } from './caseload';
import { escape } from './worklist';

type Requirement = z.output<typeof RequirementRead>;

/** The requirement page: its terms, appointments, drug tests, reviews and reports. */
export function requirementPresenter(r: Requirement) {
  const period = r.periods?.[0];
  const rows: [string, string | null | undefined][] = [
    ['Type', r.type],
    ['Status', words(r.status)],
    ['Provider', r.providerOrgId],
    ['Mode', words(r.mode)],
    ['Treatment period', period ? `${govukDate(period.start)} to ${govukDate(period.end)}` : null],
    ['Treatment director', r.terms?.treatmentDirector],
    ['Place', r.terms?.place],
    [
      'Practitioner',
      r.allocatedPractitioner
        ? `${r.allocatedPractitioner.name} (${words(r.allocatedPractitioner.role)})`
        : null,
    ],
  ];
  return {
    title: `${r.type} requirement`,
    orderId: r.orderId,
    status: tagHtml(r.status),
    summary: rows
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([key, value]) => ({ key: { text: key }, value: { text: value } })),
    appointments: (r.appointments ?? []).map((a) => [
      { text: govukDate(a.start, true) },
      { text: `${words(a.kind)}, ${words(a.deliveryMode).toLowerCase()}` },
      { text: a.enforceable ? 'Yes' : 'No' },
      { html: tagHtml(a.outcome ?? a.status) },
    ]),
    drugTests: (r.drugTests ?? []).map((t) => [
      { text: govukDate(t.dueAt, true) },
      { text: words(t.directedBy) },
      { text: t.substances.map((s) => `${words(s.substance)}: ${words(s.result).toLowerCase()}`).join(', ') },
      { html: tagHtml(t.outcome ?? t.sampleStatus ?? t.status) },
    ]),
    reviews: (r.reviews ?? []).map((v) => [
      { text: govukDate(v.date) },
      { text: words(v.mode) },
      v.report
        ? {
            html: `<a class="govuk-link" href="/requirements/${r.requirementId}/reviews/${v.id}/report">Report (progress ${escape(words(v.report.progress).toLowerCase())})</a>`,
          }
        : { text: 'Not written yet' },
      { html: tagHtml(v.outcome ?? v.status) },
    ]),
    report: r.amendmentPending
      ? {
          opinion: words(r.amendmentPending.opinion),
          narrative: r.amendmentPending.narrative,
          submittedAt: govukDate(r.amendmentPending.submittedAt, true),
        }
      : null,
    due: (r.deadlines ?? []).map((d) => [
      { text: d.description },
      { text: govukDate(d.dueAt, true) },
      { html: d.overdue ? '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' : '' },
    ]),
  };
}
