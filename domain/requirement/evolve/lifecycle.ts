import { withTermsReplaced } from '../../terms';
import type { EventOf, RequirementEvent } from '../events';
import type { ImposedRequirement } from '../state';
import { withLastPeriodEndingOn } from '../rules/periods';

export function imposed(event: EventOf<'RequirementImposed'>): ImposedRequirement {
  return {
    status: 'AWAITING_REFERRAL',
    imposition: event.imposition,
    notices: event.notices,
    imposedAt: event.at,
    providerOrgId: null,
    referralAcceptedAt: null,
    allocatedPractitioner: null,
    firstAttendedAt: null,
    appointments: {},
    scheduledIds: [],
    drugTests: {},
    reviews: {},
    reviewMode: event.imposition.review?.mode ?? null,
    incidents: {},
    amendmentPending: null,
    clinicallyCompletedOn: null,
    admittedOn: null,
    treatmentPlace: event.imposition.place ?? null,
    periodEnded: false,
    ended: null,
    fired: {},
  };
}

export function evolveLifecycle(s: ImposedRequirement, e: RequirementEvent): ImposedRequirement {
  switch (e.type) {
    case 'ReferredToProvider':
      return { ...s, status: 'REFERRED', providerOrgId: e.providerOrgId, referralAcceptedAt: null };
    case 'ReferralAccepted':
      return { ...s, status: e.status, referralAcceptedAt: e.at };
    case 'ReferralDeclined':
      return { ...s, status: 'AWAITING_REFERRAL', providerOrgId: null, referralAcceptedAt: null };
    case 'PractitionerAllocated':
      return {
        ...s,
        status: s.status === 'REFERRED' ? 'ALLOCATED' : s.status,
        allocatedPractitioner: { name: e.name, role: e.role },
      };
    case 'FirstSessionBooked':
      return { ...s, status: 'AWAITING_START' };
    case 'TreatmentStarted':
      return { ...s, status: 'IN_TREATMENT', firstAttendedAt: e.at };
    case 'PractitionerReportSubmitted':
      return {
        ...s,
        amendmentPending: {
          reportId: e.reportId,
          opinion: e.opinion,
          narrative: e.narrative,
          submittedAt: e.at,
          appliedToCourtOn: null,
        },
      };
    case 'ApplicationToCourtRecorded':
      return s.amendmentPending
        ? { ...s, amendmentPending: { ...s.amendmentPending, appliedToCourtOn: e.appliedOn } }
        : s;
    case 'ApplicationRefused':
      return { ...s, amendmentPending: null };
    case 'ClinicalCompletionRecorded':
      return { ...s, clinicallyCompletedOn: e.on };
    case 'PatientAdmitted':
      return { ...s, admittedOn: e.admittedOn };
    case 'PatientDischarged':
      return { ...s, admittedOn: null };
    case 'TreatmentPlaceChanged':
      return { ...s, treatmentPlace: e.newPlace };
    case 'PeriodExtended': {
      const periods = withLastPeriodEndingOn(s.imposition.periods, e.newPeriodEnd);
      return { ...s, imposition: { ...s.imposition, periods }, amendmentPending: null, periodEnded: false };
    }
    case 'TermsReplaced':
      return {
        ...s,
        imposition: withTermsReplaced(s.imposition, e.terms),
        treatmentPlace: e.terms.place ?? null,
        amendmentPending: null,
        periodEnded: false,
      };
    case 'OrderEndDateChanged':
      return { ...s, imposition: { ...s.imposition, orderEndDate: e.orderEndDate, periods: e.periods } };
    case 'RequirementEnded':
      return {
        ...s,
        status:
          e.ended === 'COMPLETED' || e.ended === 'COMPLETED_EARLY_COURT_CANCELLED'
            ? 'COMPLETED'
            : 'TERMINATED',
        ended: e.ended,
        amendmentPending: null,
        admittedOn: null,
      };
    case 'TreatmentPeriodEnded':
      return { ...s, periodEnded: true };
    default:
      return s;
  }
}
