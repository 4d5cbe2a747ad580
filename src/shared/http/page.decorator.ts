import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { PageInterceptor } from './page.interceptor';

export const PAGE_METADATA = 'terrain:page';

export interface PageTemplates {
  /** Full page template, e.g. `community/sign-in`; it includes the fragment. */
  view: string;
  /** Fragment rendered alone for htmx requests, e.g. `community/_sign-in-form`. */
  fragment?: string;
}

/**
 * One URL, two representations: the page, or for an htmx request its fragment alone.
 * The handler returns data, a ViewResult (another status) or a RedirectResult.
 */
export function Page(view: string, fragment?: string) {
  return applyDecorators(
    SetMetadata(PAGE_METADATA, { view, fragment } satisfies PageTemplates),
    UseInterceptors(PageInterceptor),
  );
}
