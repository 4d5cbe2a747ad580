import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../../config/app-config';

/**
 * One JSON line per event on stdout. Request bodies are never logged, and the few
 * headers that carry secrets are removed before a line is written.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'terrain' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'req.headers.cookie',
          'req.headers.authorization',
          'req.headers["x-csrf-token"]',
          'res.headers["set-cookie"]',
          '*.password',
          '*.token',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
