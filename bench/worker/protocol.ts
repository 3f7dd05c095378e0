/** What the bench process tells a worker process to be: its server, queue, workflows and database. */
export interface WorkerProcessConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  /** The webpack bundle of workflows/, built once by the bench process. */
  codePath: string;
  databaseUrl: string;
  maxCachedWorkflows: number;
  /**
   * Workflows in the worker process's own thread (the SDK's `debugMode`, with the same reused V8 context as
   * its workflow thread), so that a heap snapshot of the process holds them.
   */
  workflowsInProcess?: boolean;
}

export interface MemoryFigures {
  rss: number;
  heapUsed: number;
  external: number;
  /** The workflow thread's V8 heap (every worker thread's, from the process's diagnostic report): in use, and
   * held from the OS (what it uses, its garbage and its free space). */
  threadHeapUsed: number;
  threadHeapTotal: number;
  /** V8's heap limit, the same for the workflow thread unless set otherwise. */
  heapLimit: number;
}

export type ToWorkerProcess =
  | { type: 'memory' }
  | { type: 'replay'; historyPath: string; times: number }
  | { type: 'heap-snapshot'; path: string }
  | { type: 'stop' };

export type FromWorkerProcess =
  | { type: 'ready' }
  | ({ type: 'memory' } & MemoryFigures)
  | { type: 'replay'; ms: number[] }
  | { type: 'heap-snapshot'; path: string }
  | { type: 'failed'; message: string };
