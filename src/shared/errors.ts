/**
 * Errors a service throws; the HTTP layer turns them into pages. `code` names the
 * situation for logs and tests, `messageKey` is what the person reads.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;

  constructor(
    readonly code: string,
    readonly messageKey?: string,
    readonly values?: Record<string, unknown>,
  ) {
    super(code);
    this.name = new.target.name;
  }
}

/** Missing, or not yours: the two answer the same so ids reveal nothing. */
export class NotFound extends DomainError {
  readonly status = 404;
}

export class Forbidden extends DomainError {
  readonly status = 403;
}

export class Conflict extends DomainError {
  readonly status = 409;
}

/** A request that cannot be carried out as sent (not a form error: those re-render the form). */
export class Invalid extends DomainError {
  readonly status = 400;
}

/** The visitor must sign in first; the filter redirects to the sign-in page. */
export class SignInRequired extends DomainError {
  readonly status = 401;
}
