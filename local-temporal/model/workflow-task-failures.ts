export interface WorkflowTaskFailureRecord {
  workflowId: string;
  runId: string;
  workflowType: string;
  cause: string;
  message: string;
  stackTrace: string;
  atMs: number;
}

/**
 * Failed workflow tasks, kept for tests and printed loudly on stderr. A real worker would retry such a task
 * forever; the stand-in does not retry it until a new event arrives, so a bug shows up at once.
 */
export class WorkflowTaskFailures {
  private readonly records: WorkflowTaskFailureRecord[] = [];

  constructor(private readonly log: (line: string) => void = (line) => process.stderr.write(line)) {}

  record(failure: WorkflowTaskFailureRecord): void {
    this.records.push(failure);
    this.log(
      `[local-temporal] workflow task failed (${failure.cause}) for ${failure.workflowType} ` +
        `${failure.workflowId}/${failure.runId}: ${failure.message}\n${failure.stackTrace}\n`,
    );
  }

  list(): readonly WorkflowTaskFailureRecord[] {
    return this.records;
  }
}
