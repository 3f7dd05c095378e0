import type { OrderEvent } from '../events';
import type { ComplianceRecordState, Incident, OrderState } from '../state';

type ComplianceEvent = Extract<
  OrderEvent,
  {
    type:
      | 'IncidentRecorded'
      | 'IncidentDecided'
      | 'WarningGiven'
      | 'WarningExpired'
      | 'ReferredToEnforcementOfficer'
      | 'InformationLaid'
      | 'NoFurtherActionRecorded'
      | 'BreachDealtWith';
  }
>;

function withIncident(
  c: ComplianceRecordState,
  id: string,
  change: Partial<Incident>,
): ComplianceRecordState {
  const incident = c.incidents[id];
  return incident ? { ...c, incidents: { ...c.incidents, [id]: { ...incident, ...change } } } : c;
}

function evolveRecord(c: ComplianceRecordState, e: ComplianceEvent): ComplianceRecordState {
  switch (e.type) {
    case 'IncidentRecorded':
      return {
        ...c,
        incidents: {
          ...c.incidents,
          [e.incidentId]: {
            incidentId: e.incidentId,
            requirementId: e.requirementId,
            source: e.source,
            occurredAt: e.occurredAt,
            subjectId: e.subjectId,
            recordedAt: e.at,
            status: 'PENDING_DECISION',
            decision: null,
            warningId: null,
            referralId: null,
          },
        },
      };
    case 'IncidentDecided':
      return withIncident(c, e.incidentId, {
        status: e.decision,
        decision: { decision: e.decision, reason: e.reason, decidedOn: e.decidedOn },
      });
    case 'WarningGiven': {
      const { type: _type, at: _at, ...warning } = e;
      return {
        ...withIncident(c, e.incidentId, { status: 'WARNED', warningId: e.warningId }),
        warnings: [...c.warnings, { ...warning, expired: false }],
      };
    }
    case 'WarningExpired':
      return {
        ...c,
        warnings: c.warnings.map((w) => (w.warningId === e.warningId ? { ...w, expired: true } : w)),
      };
    case 'ReferredToEnforcementOfficer':
      return {
        ...withIncident(c, e.incidentId, { status: 'REFERRED', referralId: e.referralId }),
        referrals: {
          ...c.referrals,
          [e.referralId]: {
            referralId: e.referralId,
            incidentId: e.incidentId,
            referredOn: e.referredOn,
            mandatory: e.mandatory,
            status: 'OPEN',
            noFurtherActionReason: null,
            proceedingId: null,
          },
        },
      };
    case 'InformationLaid': {
      const referral = c.referrals[e.referralId];
      if (!referral) return c;
      return {
        ...c,
        referrals: {
          ...c.referrals,
          [e.referralId]: { ...referral, status: 'INFORMATION_LAID', proceedingId: e.proceedingId },
        },
        proceedings: {
          ...c.proceedings,
          [e.proceedingId]: {
            proceedingId: e.proceedingId,
            referralId: e.referralId,
            informationLaidOn: e.informationLaidOn,
            courtCode: e.courtCode,
            status: 'OPEN',
            outcome: null,
          },
        },
      };
    }
    case 'NoFurtherActionRecorded': {
      const referral = c.referrals[e.referralId];
      if (!referral) return c;
      return {
        ...c,
        referrals: {
          ...c.referrals,
          [e.referralId]: { ...referral, status: 'NO_FURTHER_ACTION', noFurtherActionReason: e.reason },
        },
      };
    }
    case 'BreachDealtWith': {
      const proceeding = c.proceedings[e.proceedingId];
      if (!proceeding) return c;
      const { type: _type, proceedingId: _id, ...outcome } = e;
      if (e.proceedingsContinue)
        return { ...c, proceedings: { ...c.proceedings, [e.proceedingId]: { ...proceeding, outcome } } };
      return {
        ...c,
        lastBreachResolvedOn: e.decidedOn,
        proceedings: { ...c.proceedings, [e.proceedingId]: { ...proceeding, status: 'DEALT_WITH', outcome } },
      };
    }
  }
}

export function evolveCompliance(state: OrderState, e: ComplianceEvent): OrderState {
  return { ...state, compliance: evolveRecord(state.compliance, e) };
}
