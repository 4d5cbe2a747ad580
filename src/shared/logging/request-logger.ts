import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

// Query parameters that may carry a secret (verification and reset links, CSRF tokens).
const SECRET_PARAMS = /^(token|password|_csrf|code|key|secret)$/i;

export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const params = new URLSearchParams(url.slice(queryStart + 1));
  for (const name of [...params.keys()]) {
    if (SECRET_PARAMS.test(name)) params.set(name, '[redacted]');
  }
  return `${url.slice(0, queryStart)}?${params.toString()}`;
}

/** Express middleware writing one structured line per request. */
export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    // Static files and health probes would drown the useful lines.
    autoLogging: { ignore: (req: IncomingMessage) => /^\/(assets|css|img|vendor)\/|^\/healthz$/.test(req.url ?? '') },
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    serializers: {
      req: (req: { method: string; url: string; remoteAddress?: string; headers: Record<string, unknown> }) => ({
        method: req.method,
        url: redactUrl(req.url),
        ip: req.remoteAddress,
        userAgent: req.headers['user-agent'],
        htmx: req.headers['hx-request'] === 'true' || undefined,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
