import type * as grpc from '@grpc/grpc-js';
import { temporal } from '../proto';
import { withCachedHistory } from './history-encoding';

interface ReflectedMessage {
  decode(bytes: Uint8Array): unknown;
  encode(message: unknown): { finish(): Uint8Array };
  fields: Record<string, { id: number; type: string } | undefined>;
}

/** Responses that carry a history get it encoded from cached per-event bytes. */
function responseSerializer(response: ReflectedMessage): (value: unknown) => Buffer {
  const encode = (value: unknown): Uint8Array => response.encode(value).finish();
  const history = response.fields.history;
  if (!history?.type.endsWith('History')) return (value) => Buffer.from(encode(value));
  const serialize = withCachedHistory(encode, history.id);
  return (value) => serialize(value as Parameters<typeof serialize>[0]);
}

interface ReflectedMethod {
  resolvedRequestType: ReflectedMessage;
  resolvedResponseType: ReflectedMessage;
}

interface ReflectedService {
  resolveAll(): void;
  methods: Record<string, ReflectedMethod>;
}

function reflected(service: unknown): ReflectedService {
  return service as ReflectedService;
}

export const services = {
  workflow: {
    name: 'temporal.api.workflowservice.v1.WorkflowService',
    service: reflected(temporal.api.workflowservice.v1.WorkflowService),
  },
  test: {
    name: 'temporal.api.testservice.v1.TestService',
    service: reflected(temporal.api.testservice.v1.TestService),
  },
};

/** A grpc-js service definition generated from the protobufjs reflection in @temporalio/proto. */
export function serviceDefinition({
  name,
  service,
}: {
  name: string;
  service: ReflectedService;
}): grpc.ServiceDefinition {
  service.resolveAll();
  const definition: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [method, m] of Object.entries(service.methods)) {
    const request = m.resolvedRequestType;
    const response = m.resolvedResponseType;
    definition[method] = {
      path: `/${name}/${method}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: (value: unknown) => Buffer.from(request.encode(value).finish()),
      requestDeserialize: (bytes: Buffer) => request.decode(bytes),
      responseSerialize: responseSerializer(response),
      responseDeserialize: (bytes: Buffer) => response.decode(bytes),
    };
  }
  return definition;
}
