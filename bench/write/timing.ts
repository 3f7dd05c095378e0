import { AsyncLocalStorage } from 'node:async_hooks';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type pg from 'pg';

/** Where one request's time went, as seen from inside the server process. */
interface RequestMarks {
  start: number;
  updateSent?: number;
  updateDone?: number;
}

export interface TimingSnapshot {
  /** Handler start until the Update is sent to Temporal (auth, validation, idempotency, loading). */
  apiBeforeMs: number[];
  /** The Update's round trip: Temporal, the workflow task(s), the validator, the persist activity. */
  updateMs: number[];
  /** After the Update returned until the response was ready (idempotency record, access log, answer). */
  apiAfterMs: number[];
  /** Each persist activity, start to end. */
  activityMs: number[];
  /** Time inside Postgres round trips from the worker's pool (the persist transactions), in total. */
  postgresMs: number;
}

/** Collects coarse timings of the write path: the API handler, the Update, the activity, Postgres. */
export class WriteTimings {
  private readonly marks = new AsyncLocalStorage<RequestMarks>();
  private data: TimingSnapshot = WriteTimings.empty();

  private static empty(): TimingSnapshot {
    return { apiBeforeMs: [], updateMs: [], apiAfterMs: [], activityMs: [], postgresMs: 0 };
  }

  /** Starts a new measuring window. */
  reset(): void {
    this.data = WriteTimings.empty();
  }

  /** A copy of the window so far (later requests do not change it). */
  snapshot(): TimingSnapshot {
    const d = this.data;
    return {
      apiBeforeMs: [...d.apiBeforeMs],
      updateMs: [...d.updateMs],
      apiAfterMs: [...d.apiAfterMs],
      activityMs: [...d.activityMs],
      postgresMs: d.postgresMs,
    };
  }

  /** Wraps the server's fetch handler: each request gets its marks, recorded once it is answered. */
  handler(fetchHandler: (request: Request) => Response | Promise<Response>) {
    return (request: Request): Promise<Response> => {
      const marks: RequestMarks = { start: performance.now() };
      return this.marks.run(marks, async () => {
        const response = await fetchHandler(request);
        if (marks.updateSent !== undefined && marks.updateDone !== undefined) {
          this.data.apiBeforeMs.push(marks.updateSent - marks.start);
          this.data.updateMs.push(marks.updateDone - marks.updateSent);
          this.data.apiAfterMs.push(performance.now() - marks.updateDone);
        }
        return response;
      });
    };
  }

  /** A client interceptor marking when the API sends the Update and when its result is back. */
  interceptor(): WorkflowClientInterceptor {
    return {
      startUpdate: async (input, next) => {
        const marks = this.marks.getStore();
        if (marks) marks.updateSent = performance.now();
        try {
          return await next(input);
        } finally {
          if (marks) marks.updateDone = performance.now();
        }
      },
    };
  }

  /** Wraps each activity so that its duration is recorded. */
  activities<A extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: A): A {
    const timed: Record<string, unknown> = {};
    for (const [name, activity] of Object.entries(activities)) {
      timed[name] = async (...args: never[]) => {
        const started = performance.now();
        try {
          return await activity(...args);
        } finally {
          this.data.activityMs.push(performance.now() - started);
        }
      };
    }
    return timed as A;
  }

  /** Times every query a pool's clients run (BEGIN and COMMIT included): the Postgres share. */
  watchPool(pool: pg.Pool): void {
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as { query: unknown }).query = (...args: unknown[]) => {
        const started = performance.now();
        const result = query(...args);
        if (result instanceof Promise) {
          const add = () => (this.data.postgresMs += performance.now() - started);
          result.then(add, add);
        }
        return result;
      };
    });
  }
}
