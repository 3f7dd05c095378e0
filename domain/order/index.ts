export {
  OrderCommandSchema,
  type OrderCommand,
  type OrderCommandOf,
  type PartyOrderCommand,
} from './commands';
export { partyOrderCommandTypes } from './party-commands';
export { OrderEventSchema, type OrderEvent, type OrderEventOf } from './events';
export { initialOrderState, type OrderState, type OrderStatus } from './state';
export { decideOrder } from './decide';
export { evolveOrder } from './evolve';
export { tickOrder, orderDeadlines, nextOrderTimer } from './time/tick';
export { ssoClosesOn } from './time/obligations';
export { orderView, failuresToComply, type OrderView } from './view';
export { requirementMessagesFor, impositionsFor, orderCommandFor } from './links';
export { isOrderTerminal } from './rules/status';
