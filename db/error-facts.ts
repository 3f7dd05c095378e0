/**
 * What may be logged of an error: its class, the code that names its kind (an SQLSTATE, a gRPC status, a Node
 * error code) and the frames it was thrown from. Never its message or detail: a database error's quote the data
 * that made it fail. The app's logs and the activities' failures both say of an error only this.
 */
export interface ErrorFacts {
  errorClass: string;
  code?: string | number;
  at?: string[];
  cause?: ErrorFacts;
}

const CODE = /^[A-Z0-9_]{1,40}$/;
const FRAMES = 5;

/** The error's facts and its cause's (a client's error wraps the server's status), frames of the error alone. */
export function errorFacts(error: unknown): ErrorFacts {
  const facts = ownFacts(error);
  if (!(error instanceof Error)) return facts;
  const at = framesOf(error);
  if (at.length > 0) facts.at = at;
  if (error.cause !== undefined) facts.cause = ownFacts(error.cause);
  return facts;
}

function ownFacts(error: unknown): ErrorFacts {
  if (!(error instanceof Error)) return { errorClass: typeof error };
  const { code } = error as { code?: unknown };
  const named = (typeof code === 'string' && CODE.test(code)) || Number.isInteger(code);
  return { errorClass: error.constructor.name, ...(named ? { code: code as string | number } : {}) };
}

/** The stack's frames, only when its head is the error's own name and message, so no text of the message is taken. */
function framesOf(error: Error): string[] {
  const head = error.message ? `${error.name}: ${error.message}\n` : `${error.name}\n`;
  if (!error.stack?.startsWith(head)) return [];
  return error.stack
    .slice(head.length)
    .split('\n')
    .slice(0, FRAMES)
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '));
}
