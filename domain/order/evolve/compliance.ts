import type { OrderEvent } from '../events';
import { otherRequirementsOf } from '../rules/status';
import type { ComplianceRecordState, OrderState } from '../state';

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
      | 'SummonsOrWarrantIssued'
      | 'BreachDealtWith';
  }
>;

type ById = 'incidents' | 'referrals' | 'proceedings';

/** The record with one incident, referral or proceeding changed; unchanged when there is no such item. */
function withChanged<K extends ById>(
  c: ComplianceRecordState,
  kept: K,
  id: string,
  change: Partial<ComplianceRecordState[K][string]>,
): ComplianceRecordState {
  const item = c[kept][id];
  return item ? { ...c, [kept]: { ...c[kept], [id]: { ...item, ...change } } } : c;
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
      return withChanged(c, 'incidents', e.incidentId, {
        status: e.decision,
        decision: { decision: e.decision, reason: e.reason, decidedOn: e.decidedOn },
      });
    case 'WarningGiven': {
      const { type: _type, at: _at, ...warning } = e;
      return {
        ...withChanged(c, 'incidents', e.incidentId, { status: 'WARNED', warningId: e.warningId }),
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
        ...withChanged(c, 'incidents', e.incidentId, { status: 'REFERRED', referralId: e.referralId }),
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
    case 'InformationLaid':
      if (!c.referrals[e.referralId]) return c;
      return {
        ...withChanged(c, 'referrals', e.referralId, {
          status: 'INFORMATION_LAID',
          proceedingId: e.proceedingId,
        }),
        proceedings: {
          ...c.proceedings,
          [e.proceedingId]: {
            proceedingId: e.proceedingId,
            referralId: e.referralId,
            informationLaidOn: e.informationLaidOn,
            courtCode: e.courtCode,
            status: 'OPEN',
            processes: [],
            outcome: null,
          },
        },
      };
    case 'NoFurtherActionRecorded':
      return withChanged(c, 'referrals', e.referralId, {
        status: 'NO_FURTHER_ACTION',
        noFurtherActionReason: e.reason,
      });
    case 'SummonsOrWarrantIssued': {
      const proceeding = c.proceedings[e.proceedingId];
      if (!proceeding) return c;
      const processes = [...(proceeding.processes ?? []), { process: e.process, issuedOn: e.issuedOn }];
      return withChanged(c, 'proceedings', e.proceedingId, { processes });
    }
    case 'BreachDealtWith': {
      if (!c.proceedings[e.proceedingId]) return c;
      const { type: _type, proceedingId: _id, ...outcome } = e;
      if (e.proceedingsContinue) return withChanged(c, 'proceedings', e.proceedingId, { outcome });
      return {
        ...withChanged(c, 'proceedings', e.proceedingId, { status: 'DEALT_WITH', outcome }),
        lastBreachResolvedOn: e.decidedOn,
      };
    }
  }
}

/** R19: unpaid work added on breach joins the order's unpaid work requirement, or becomes one. */
function withUnpaidWorkAdded(state: OrderState, e: ComplianceEvent): OrderState {
  if (e.type !== 'BreachDealtWith' || !state.order || !e.unpaidWorkRequirementId || !e.unpaidWorkHours)
    return state;
  const others = otherRequirementsOf(state);
  const id = e.unpaidWorkRequirementId;
  const hours = e.unpaidWorkHours;
  const existing = others.find((r) => r.otherRequirementId === id);
  const otherRequirements = existing
    ? others.map((r) => (r === existing ? { ...r, hours: (r.hours ?? 0) + hours, compliedOn: null } : r))
    : [
        ...others,
        {
          otherRequirementId: id,
          type: 'UNPAID_WORK' as const,
          hours,
          days: null,
          compliedOn: null,
          hoursDone: null,
        },
      ];
  return { ...state, order: { ...state.order, otherRequirements } };
}

export function evolveCompliance(state: OrderState, e: ComplianceEvent): OrderState {
  return withUnpaidWorkAdded({ ...state, compliance: evolveRecord(state.compliance, e) }, e);
}
