import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, mergeMap, type Observable } from 'rxjs';
import { isHtmxRequest, wantsFragment } from './htmx';
import type { PageTemplates } from './page.decorator';
import { PAGE_METADATA } from './page.decorator';
import { RedirectResult, ViewResult } from './view-result';
import { renderView } from './render';

@Injectable()
export class PageInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const templates = this.reflector.get<PageTemplates>(PAGE_METADATA, context.getHandler());
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    // Caches must keep the page and the fragment apart.
    res.vary('HX-Request');
    return next.handle().pipe(mergeMap((result) => from(this.respond(req, res, templates, result))));
  }

  private async respond(req: Request, res: Response, templates: PageTemplates, result: unknown) {
    if (result instanceof RedirectResult) {
      if (isHtmxRequest(req)) {
        res.status(204).setHeader('HX-Redirect', result.url);
        res.end();
      } else {
        res.redirect(303, result.url);
      }
      return;
    }
    const {
      data,
      status,
      fragment: chosenFragment,
    } = result instanceof ViewResult
      ? result
      : { data: (result ?? {}) as Record<string, unknown>, status: 200, fragment: undefined };
    const fragmentView = chosenFragment ?? templates.fragment;
    const fragment = fragmentView && wantsFragment(req);
    const html = await renderView(res, fragment ? fragmentView! : templates.view, {
      ...data,
      layout: fragment ? false : undefined,
    });
    res.status(status).type('html').send(html);
  }
}
