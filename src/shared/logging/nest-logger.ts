import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';

// Nest announces every module and route at start-up: useful when debugging only.
const CHATTY_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

/** Routes Nest's own messages (start-up, errors) into the JSON log. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    if (context && CHATTY_CONTEXTS.has(context)) this.logger.debug({ context }, String(message));
    else this.logger.info({ context }, String(message));
  }

  error(message: unknown, ...rest: unknown[]) {
    // Nest passes (message, stack?, context): the context is always last.
    const context = rest.length > 0 ? String(rest.at(-1)) : undefined;
    const trace = rest.length > 1 ? String(rest[0]) : message instanceof Error ? message.stack : undefined;
    this.logger.error({ context, trace }, message instanceof Error ? message.message : String(message));
  }

  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }

  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }

  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
