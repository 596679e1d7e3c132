/** A failure a user can act on; rendered as RFC 9457 problem+json in the request's language. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    /** Stable code; its title is the message `problem.<code>`. */
    readonly code: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export interface FieldProblem {
  field: string;
  messageKey: string;
  params?: Record<string, string | number>;
}

export const notFound = () => new AppError(404, 'not_found');

/** A business-rule rejection of particular fields, after the schema itself passed. */
export class ValidationProblem extends AppError {
  constructor(
    readonly problems: FieldProblem[],
    /** A more specific title than "validation failed", e.g. `assistance.ineligible`. */
    code = 'validation_failed',
  ) {
    super(422, code);
    this.name = 'ValidationProblem';
  }
}
