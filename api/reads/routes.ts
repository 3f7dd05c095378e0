import { listAppointments } from './appointments';
import { listDeadlines } from './deadlines';
import { listKpis } from './kpis';
import { getOrder, listOrders, orderEvents, orderIncidents } from './orders';
import { getRequirement, listRequirements } from './requirements';
import { getSubjectAccess, getSubjectAccessPdf } from './subject-access';

/** Every read route by its operation id, as declared for OpenAPI: the typed client and the tests take them from here. */
export const readRoutes = {
  listOrders,
  getOrder,
  listOrderEvents: orderEvents,
  listOrderIncidents: orderIncidents,
  listRequirements,
  getRequirement,
  listDeadlines,
  listAppointments,
  listKpis,
  getSubjectAccess,
} as const;

export type ReadOperationId = keyof typeof readRoutes;

/** The read routes answered with a document rather than JSON: outside the typed client. */
export const documentRoutes = { getSubjectAccessPdf } as const;
