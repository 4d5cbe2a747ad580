import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { DomainError, SignInRequired } from '../errors';
import { isHtmxRequest } from './htmx';
import { renderView } from './render';
import { CSRF_ERROR_CODE } from './csrf';
import { localPath, pathOfUrl } from './safe-redirect';

// Statuses with their own message; any other 4xx uses the 400 wording.
const KNOWN_STATUSES = new Set([400, 403, 404, 405, 409, 410, 413, 429, 500, 503]);

interface ErrorPage {
  status: number;
  titleKey: string;
  bodyKey: string;
}

/**
 * Every error ends here and becomes a page in the visitor's language: `errors/<status>`
 * for a full page, or a message swapped into the page's alert region for htmx.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  async catch(exception: unknown, host: ArgumentsHost) {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;

    if (exception instanceof SignInRequired) return this.redirectToSignIn(req, res);

    const page = this.describe(exception);
    if (page.status >= 500) {
      // Duck-typed: errors from Node itself may come from another realm (tests run in a VM).
      const { message, stack } = (exception ?? {}) as { message?: string; stack?: string };
      this.logger.error(message ?? String(exception), stack);
    }
    try {
      const html = await renderView(res, isHtmxRequest(req) ? 'errors/_alert' : 'errors/error', {
        ...page,
        layout: isHtmxRequest(req) ? false : undefined,
      });
      if (isHtmxRequest(req)) {
        // The fragment would land wherever the failed request aimed; show it in the
        // page's alert region instead.
        res.setHeader('HX-Retarget', '#alerts');
        res.setHeader('HX-Reswap', 'innerHTML');
      }
      res.status(page.status).type('html').send(html);
    } catch (renderError) {
      this.logger.error(String(renderError), (renderError as { stack?: string })?.stack);
      res.status(page.status).type('text').send(`Error ${page.status}`);
    }
  }

  private describe(exception: unknown): ErrorPage {
    if (exception instanceof DomainError) {
      return this.page(exception.status, exception.messageKey);
    }
    if (exception instanceof ThrottlerException) return this.page(429);
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const code = typeof response === 'object' && response !== null ? (response as { code?: string }).code : undefined;
      if (code === CSRF_ERROR_CODE)
        return { status: 403, titleKey: 'common:errors.csrf.title', bodyKey: 'common:errors.csrf.body' };
      return this.page(exception.getStatus());
    }
    // Errors raised by Express middleware (body parser: too large, malformed).
    const status = (exception as { status?: number; statusCode?: number })?.status;
    if (typeof status === 'number' && status >= 400 && status < 600) return this.page(status);
    return this.page(500);
  }

  private page(status: number, messageKey?: string): ErrorPage {
    const known = KNOWN_STATUSES.has(status) ? status : status >= 500 ? 500 : 400;
    return {
      status,
      titleKey: `common:errors.status${known}.title`,
      bodyKey: messageKey ?? `common:errors.status${known}.body`,
    };
  }

  private redirectToSignIn(req: Request, res: Response) {
    // After signing in, come back to the page the person was on (for htmx, the page
    // that sent the request, not the fragment's URL).
    const current = isHtmxRequest(req) ? pathOfUrl(req.get('HX-Current-URL')) : localPath(req.originalUrl);
    const url = current ? `/login?next=${encodeURIComponent(current)}` : '/login';
    if (isHtmxRequest(req)) {
      res.status(204).setHeader('HX-Redirect', url);
      res.end();
    } else {
      res.redirect(303, url);
    }
  }
}
