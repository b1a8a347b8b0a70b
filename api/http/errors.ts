// Errors the hub answers with on purpose. Anything else is logged and answered generically:
// clients only ever see messages we wrote.
import type { z } from 'zod';
import type { ErrorBody } from '../../contract/api.ts';
import { DomainError, type DomainErrorCode } from '../domain/errors.ts';

/** The HTTP status of each domain error code: the one place the domain meets HTTP. */
export const STATUS_OF: Record<DomainErrorCode, number> = {
  validation: 400,
  outside_township: 400,
  unknown_device: 400,
  unknown_reference: 400,
  out_of_range: 400,
  unauthorized: 401,
  forbidden: 403,
  account_disabled: 403,
  not_found: 404,
  conflict: 409,
  account_locked: 423,
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorBody['error'],
    message: string,
    readonly issues?: ErrorBody['issues'],
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return this.issues ? { error: this.code, message: this.message, issues: this.issues } : { error: this.code, message: this.message };
  }
}

/** A domain error as the hub answers it. */
export function fromDomain(error: DomainError): ApiError {
  return new ApiError(STATUS_OF[error.code], error.code, error.message, error.issues);
}

export function validationError(error: z.ZodError, prefix = ''): ApiError {
  const issues = error.issues.slice(0, 50).map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: issue.message,
  }));
  const first = issues[0];
  const summary = first ? `${first.path}: ${first.message}` : 'request body is invalid';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return new ApiError(400, 'validation', `Invalid request: ${summary}${more}`, issues);
}

/** Parses `input` with `schema` or throws a 400 naming every offending field. */
export function parseOr400<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

/** The `:id` of a route as a positive integer, or a 400 saying it is not one. */
export function idParam(req: { params: { id: string } }): number {
  const id = Number(req.params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new ApiError(400, 'validation', `"${req.params.id}" is not an id.`, [{ path: 'id', message: 'must be a positive integer' }]);
  return id;
}
