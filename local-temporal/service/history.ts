import { temporal } from '../proto';
import type { Engine } from '../model/engine';
import { type CallContext, LONG_POLL_MS } from './context';

type Request = temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
const CLOSE_EVENT = temporal.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT;

/** GetWorkflowExecutionHistory: all events from the page token on, or only the close event; long polls. */
export async function getHistory(engine: Engine, r: Request, context: CallContext) {
  const run = engine.findRun(r.namespace, r.execution);
  const closeOnly = r.historyEventFilterType === CLOSE_EVENT;
  const from = r.nextPageToken?.length ? Number(Buffer.from(r.nextPageToken).toString()) : 1;
  const deadline = Date.now() + LONG_POLL_MS;
  const waiting = (): boolean =>
    r.waitNewEvent && run.isOpen && (closeOnly || run.history.length < from) && !context.signal.aborted;
  while (waiting() && Date.now() < deadline) {
    await run.history.waitForChange(deadline - Date.now(), context.signal);
  }
  const token = (next: number): Buffer => Buffer.from(String(next));
  if (closeOnly) {
    return run.closeEvent
      ? { history: { events: [run.closeEvent] } }
      : { history: { events: [] }, nextPageToken: token(from) };
  }
  const events = run.history.events.slice(from - 1);
  const more = r.waitNewEvent && run.isOpen;
  return { history: { events }, nextPageToken: more ? token(from + events.length) : null };
}
