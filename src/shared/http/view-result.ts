/** What a page handler returns when it needs more than "render this data with 200". */
export class ViewResult {
  constructor(
    readonly data: Record<string, unknown>,
    readonly status: number,
  ) {}
}

export class RedirectResult {
  constructor(readonly url: string) {}
}

/** The same form again, with its errors: status 422 so htmx and tests can tell. */
export function unprocessable(data: Record<string, unknown>): ViewResult {
  return new ViewResult(data, 422);
}

/** After a successful POST: 303 for a full page, HX-Redirect for htmx. */
export function redirectTo(url: string): RedirectResult {
  return new RedirectResult(url);
}
