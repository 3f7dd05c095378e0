import pino from 'pino';

/**
 * Structured logs. What we log is ids, codes, counts and timings: never names, dates of birth, clinical or
 * test content, offence details or tokens. The redaction paths are a second line for anything that slips in.
 */
export function createLogger(level: string) {
  return pino({
    level,
    // The process id tells apart the API processes (API_PROCESSES) that share a port.
    base: { service: 'cstr', pid: process.pid },
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        'authorization',
        'token',
        '*.token',
        'person',
        '*.person',
        'body',
        '*.body',
        'payload',
        '*.payload',
      ],
      censor: '[redacted]',
    },
  });
}

export type Logger = ReturnType<typeof createLogger>;
