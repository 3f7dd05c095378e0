import type * as grpc from '@grpc/grpc-js';
import { temporal } from '../proto';

interface ReflectedMessage {
  decode(bytes: Uint8Array): unknown;
  encode(message: unknown): { finish(): Uint8Array };
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
      responseSerialize: (value: unknown) => Buffer.from(response.encode(value).finish()),
      responseDeserialize: (bytes: Buffer) => response.decode(bytes),
    };
  }
  return definition;
}
