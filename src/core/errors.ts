/**
 * Every error Tally reports on purpose, catalogued once. Services throw these;
 * the Fastify error handler and the CLI translate them at the edge.
 */
export const errorCatalogue = {
  validation_failed: { status: 400, summary: 'The input is not valid' },
  unauthorized: { status: 401, summary: 'Sign in first' },
  totp_required: { status: 401, summary: 'A code from the authenticator app is needed' },
  forbidden: { status: 403, summary: 'Your role may not do this' },
  password_change_required: { status: 403, summary: 'Change the one-time password first' },
  not_found: { status: 404, summary: 'No such resource' },
  conflict: { status: 409, summary: 'The request conflicts with what is stored' },
  id_conflict: { status: 409, summary: 'This id cannot be used; choose another' },
  payload_too_large: { status: 413, summary: 'The request body is too large' },
  unsupported_media_type: { status: 415, summary: 'The request body is not in a form Tally reads' },
  unprocessable: {
    status: 422,
    summary: 'The input is well-formed but refers to something that does not fit',
  },
  too_many_requests: { status: 429, summary: 'Too many attempts; wait and try again' },
  database_newer: { status: 500, summary: 'The database was migrated by a newer Tally' },
  internal: { status: 500, summary: 'Internal error' },
} as const;

export type ErrorCode = keyof typeof errorCatalogue;

/** One bad field: where it is (dotted path) and what is wrong with it. */
export interface FieldProblem {
  field: string;
  message: string;
}

export class TallyError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldProblem[];
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { fields?: FieldProblem[]; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: extra.cause });
    this.name = 'TallyError';
    this.code = code;
    this.fields = extra.fields ?? [];
    this.details = extra.details ?? {};
  }

  get status(): number {
    return errorCatalogue[this.code].status;
  }

  toJSON() {
    return {
      error: this.code,
      message: this.message,
      ...(this.fields.length > 0 ? { fields: this.fields } : {}),
      ...this.details,
    };
  }
}

export const notFound = (what: string, id: string) =>
  new TallyError('not_found', `${what} ${id} does not exist`);

/** Turns zod issues into field problems with dotted paths ("count.min", "claims.2.outcome"). */
export function fieldProblemsFromZod(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  prefix = '',
): FieldProblem[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return { field: [prefix, path].filter(Boolean).join('.') || '(root)', message: issue.message };
  });
}
