import { z } from 'zod';
import { PractitionerOpinion, RequirementEnd } from '../../enums';
import { RequirementImpositionSchema } from '../../links';
import { IdSchema, LocalDateSchema } from '../../primitives';
import { WithdrawnSchema, event } from './shape';

// The requirement's course: imposed, referred, allocated, the practitioner's report to the court, its end.

export const RequirementImposed = event('RequirementImposed', {
  imposition: RequirementImpositionSchema,
  notices: z.array(z.string()),
});

export const ReferredToProvider = event('ReferredToProvider', { providerOrgId: z.string() });

export const ReferralAccepted = event('ReferralAccepted', { status: z.enum(['REFERRED', 'AWAITING_START']) });

export const ReferralDeclined = event('ReferralDeclined', { reason: z.string().nullable() });

export const PractitionerAllocated = event('PractitionerAllocated', { name: z.string(), role: z.string() });

export const PractitionerReportSubmitted = event('PractitionerReportSubmitted', {
  reportId: IdSchema,
  opinion: PractitionerOpinion,
  narrative: z.string(),
});

export const ApplicationToCourtRecorded = event('ApplicationToCourtRecorded', { appliedOn: LocalDateSchema });

export const ApplicationRefused = event('ApplicationRefused', {});

export const RequirementEnded = event('RequirementEnded', {
  ended: RequirementEnd,
  withdrawn: WithdrawnSchema,
});
