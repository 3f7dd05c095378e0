import type { Principal } from './env';

export interface OrderScope {
  court_code: string;
  pdu: string;
  provider_org_ids: string[];
}

export interface RequirementScope {
  court_code: string;
  pdu: string;
  provider_org_id: string | null;
  stage: 'PRE_SENTENCE' | 'SENTENCED';
}

/** A court and its assessors see their own court's cases; probation and enforcement their PDU's; a provider the cases it assesses or treats. */
export function canSeeOrder(p: Principal, order: OrderScope): boolean {
  switch (p.role) {
    case 'court-assessor':
    case 'court':
      return order.court_code === p.org;
    case 'probation':
    case 'enforcement':
      return order.pdu === p.org;
    case 'provider':
      return order.provider_org_ids.includes(p.org);
  }
}

/** A provider sees only requirements assessed by or referred to it; an assessor's access ends at sentence. */
export function canSeeRequirement(p: Principal, r: RequirementScope): boolean {
  switch (p.role) {
    case 'court-assessor':
      return r.court_code === p.org && r.stage === 'PRE_SENTENCE';
    case 'court':
      return r.court_code === p.org;
    case 'probation':
    case 'enforcement':
      return r.pdu === p.org;
    case 'provider':
      return r.provider_org_id === p.org;
  }
}
