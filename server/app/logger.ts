import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Structured JSON logs (pino). What Sway logs is chosen to hold no personal data: procedure names, status codes,
 * durations, job kinds and outcomes, never ids, labels, search terms, tokens or request bodies. The redaction below is
 * a second line of defence should a field like that be passed by mistake.
 */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'sway' },
      redact: {
        paths: [
          'authorization',
          'token',
          'id',
          'label',
          'query',
          'input',
          '*.authorization',
          '*.token',
          '*.id',
          '*.label',
          '*.query',
          '*.input',
        ],
        censor: '[redacted]',
      },
    },
    options.destination,
  );
}

export type { Logger };
