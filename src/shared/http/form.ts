import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';

/** One message beside a field: an i18n key and the values it interpolates. */
export interface FieldError {
  key: string;
  values?: Record<string, unknown>;
}

export type FormErrors = Record<string, FieldError[]>;

/** What a form template receives: the values typed (to show them again) and the errors. */
export interface FormState {
  values: Record<string, unknown>;
  errors: FormErrors;
  errorCount: number;
}

export type FormResult<T> = { ok: true; value: T; state: FormState } | { ok: false; state: FormState };

const REQUIRED_RULES = new Set(['isNotEmpty', 'isDefined']);

// Form fields that must never be sent back to the browser.
const NEVER_ECHOED = /password|_csrf/i;

/**
 * Turns a urlencoded body into a validated DTO: strings trimmed, empty strings become
 * undefined (so "optional" means "may be left blank"), checkboxes become booleans.
 */
export async function parseForm<T extends object>(
  dto: ClassConstructor<T>,
  body: Record<string, unknown> | undefined,
  checkboxes: string[] = [],
): Promise<FormResult<T>> {
  const cleaned = cleanBody(body ?? {}, checkboxes);
  const value = plainToInstance(dto, cleaned);
  const errors = await validate(value, { whitelist: true, forbidUnknownValues: false });
  const state = emptyForm(cleaned);
  if (errors.length === 0) return { ok: true, value, state };
  state.errors = toFieldErrors(errors);
  state.errorCount = Object.keys(state.errors).length;
  return { ok: false, state };
}

/** A blank (or pre-filled) form for the first display. */
export function emptyForm(values: Record<string, unknown> = {}): FormState {
  const shown = Object.fromEntries(Object.entries(values).filter(([name]) => !NEVER_ECHOED.test(name)));
  return { values: shown, errors: {}, errorCount: 0 };
}

/** Adds an error found after validation (e.g. "email already used") to a form state. */
export function withError(state: FormState, field: string, error: FieldError): FormState {
  const errors = { ...state.errors, [field]: [...(state.errors[field] ?? []), error] };
  return { ...state, errors, errorCount: Object.keys(errors).length };
}

function cleanBody(body: Record<string, unknown>, checkboxes: string[]): Record<string, unknown> {
  const cleaned: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(body)) {
    if (name === '_csrf') continue;
    const value = Array.isArray(raw) ? raw.map(trimmed) : trimmed(raw);
    if (value !== undefined) cleaned[name] = value;
  }
  for (const name of checkboxes) cleaned[name] = body[name] === 'on' || body[name] === 'true';
  return cleaned;
}

function trimmed(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  return text === '' ? undefined : text;
}

/**
 * class-validator names each failed rule ("isEmail", "maxLength"); the message shown is
 * `common:validation.<rule>` unless the rule's `message` is itself an i18n key, and the
 * rule's `context` supplies the values ({ max: 255 }).
 */
function toFieldErrors(errors: ValidationError[], prefix = ''): FormErrors {
  const result: FormErrors = {};
  for (const error of errors) {
    const field = prefix + error.property;
    // A blank field only needs to hear that it is required, not that it is too short too.
    const constraints = Object.entries(error.constraints ?? {});
    const missing = constraints.filter(([rule]) => REQUIRED_RULES.has(rule));
    for (const [rule, message] of missing.length > 0 ? missing : constraints) {
      const key = message.includes(':') && !message.includes(' ') ? message : `common:validation.${rule}`;
      (result[field] ??= []).push({ key, values: error.contexts?.[rule] });
    }
    if (error.children?.length) Object.assign(result, toFieldErrors(error.children, `${field}.`));
  }
  return result;
}
