import { z } from 'zod';
import { id, text } from './fields';
import { RequirementView } from './requirement-view';

/** `GET /v1/requirements/{requirementId}`: where the requirement sits, then its view. */
export const RequirementRead = RequirementView.extend({
  id: id('The requirement.'),
  orderId: id('The order.'),
  stage: z.enum(['PRE_SENTENCE', 'SENTENCED']).describe('Before or after sentence.'),
  status: text('Where it stands.'),
  providerOrgId: text('The provider assessing or delivering it.').nullable(),
}).meta({ id: 'RequirementRead', description: 'A requirement, minimised for the caller’s role.' });
