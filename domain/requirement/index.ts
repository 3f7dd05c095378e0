export { RequirementCommandSchema, type RequirementCommand, type PartyRequirementCommand } from './commands';
export { partyRequirementCommandTypes } from './party-commands';
export { RequirementEventSchema, type RequirementEvent } from './events';
export {
  type RequirementState,
  initialRequirementState,
  isRequirementTerminal,
  isCompliedWith,
} from './state';
export { decideRequirement } from './decide';
export { evolveRequirement, foldRequirement } from './evolve';
export { tickRequirement, requirementDeadlines, nextRequirementTimer } from './time/tick';
export { requirementView, type RequirementView } from './view';
export { orderMessagesFor } from './links';
export { checkImposition } from './rules/terms';
export { impositionNotices } from './rules/notices';
