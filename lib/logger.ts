import pino, { type DestinationStream, type Logger } from 'pino';
import { currentRequest } from './context';

export type { Logger };

/** JSON logs, one line per event, tagged with the service and the current request. */
export function createLogger(
  service: string,
  level = process.env.LOG_LEVEL ?? 'info',
  destination?: DestinationStream,
): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'password',
          '*.password',
          'token',
          '*.token',
          'authorization',
          '*.authorization',
          'refreshToken',
          '*.refreshToken',
        ],
        censor: '[redacted]',
      },
      mixin() {
        const ctx = currentRequest();
        return ctx ? { requestId: ctx.requestId, ...(ctx.userId ? { userId: ctx.userId } : {}) } : {};
      },
    },
    destination,
  );
}
