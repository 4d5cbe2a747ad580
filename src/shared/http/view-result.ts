/** What a page handler returns when it needs more than "render this data with 200". */
export class ViewResult {
  constructor(
    readonly data: Record<string, unknown>,
    readonly status: number,
    /** Another fragment than the route's, for this htmx answer (e.g. the next rows of a list). */
    readonly fragment?: string,
  ) {}
}

/** For an htmx request, answer with this fragment instead of the route's usual one. */
export function withFragment(fragment: string, data: Record<string, unknown>): ViewResult {
  return new ViewResult(data, 200, fragment);
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
