import type { temporal } from '../proto';

type WS = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof WS> = WS[K] extends { prototype: infer T } ? T : never;

export const systemHandlers = {
  GetSystemInfo() {
    return {
      serverVersion: '1.27.0-local',
      capabilities: {
        signalAndQueryHeader: true,
        internalErrorDifferentiation: true,
        activityFailureIncludeHeartbeat: true,
        supportsSchedules: false,
        encodedFailureAttributes: true,
        upsertMemo: true,
        eagerWorkflowStart: true,
        sdkMetadata: true,
      },
    };
  },
  DescribeNamespace(_engine: unknown, r: Req<'DescribeNamespaceRequest'>) {
    return {
      namespaceInfo: { name: r.namespace || 'default', state: 1, id: r.namespace || 'default' },
      config: {},
      isGlobalNamespace: false,
    };
  },
  ShutdownWorker() {
    return {};
  },
  /** Sticky queues are never used (every task carries the full history), so there is nothing to reset. */
  ResetStickyTaskQueue() {
    return {};
  },
  RecordWorkerHeartbeat() {
    return {};
  },
};
