/**
 * The one catalogue of domain errors. Names are permanent; the HTTP layer maps a name to a status. Each
 * message says what happened; `hint` says what to do.
 */
export const ERRORS = {
  InvalidCatalogueFile: { status: 400, title: 'The catalogue file is not valid.' },
  AddonNotFound: { status: 404, title: 'Not found.' },
  DuplicateId: { status: 409, title: 'An id in the input belongs to another add-on.' },
  ConfigInvalid: { status: 500, title: 'The configuration is not valid.' },
  InvalidInput: { status: 400, title: 'The input is not valid.' },
  UsernameTaken: { status: 400, title: 'That username is already in use.' },
  EmailTaken: { status: 400, title: 'An account with that email address already exists.' },
  BadCredentials: { status: 401, title: 'The username or password is not right.' },
  NotAuthenticated: { status: 401, title: 'Authentication credentials were not provided.' },
  PermissionDenied: { status: 403, title: 'You do not have permission to perform this action.' },
  CsrfFailed: { status: 403, title: 'CSRF verification failed: reload the page and try again.' },
  TooManyAttempts: { status: 429, title: 'Too many attempts: wait a moment and try again.' },
  Conflict: { status: 409, title: 'The request conflicts with what is stored.' },
  NotFound: { status: 404, title: 'Not found.' },
  DuplicateRating: { status: 400, title: 'You already rated this version of the add-on.' },
  CollectionSlugTaken: { status: 400, title: 'You already have a collection at that address.' },
} as const;

export type ErrorName = keyof typeof ERRORS;

export class TroveError extends Error {
  readonly code: ErrorName;
  readonly hint: string | undefined;
  readonly details: readonly string[];
  /** The input fields at fault, for AMO's 400 body `{field: [messages]}`; empty when none is named. */
  readonly fields: Readonly<Record<string, readonly string[]>>;

  constructor(
    code: ErrorName,
    message: string,
    opts: {
      hint?: string;
      details?: readonly string[];
      fields?: Readonly<Record<string, readonly string[]>>;
    } = {},
  ) {
    super(message);
    this.name = 'TroveError';
    this.code = code;
    this.hint = opts.hint;
    this.details = opts.details ?? [];
    this.fields = opts.fields ?? {};
  }

  get status(): number {
    return ERRORS[this.code].status;
  }
}

/** An `InvalidInput` error naming each field at fault (issues as zod reports them). */
export function invalidFields(
  issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[],
): TroveError {
  const fields: Record<string, string[]> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'non_field_errors');
    fields[field] = [...(fields[field] ?? []), issue.message];
  }
  return new TroveError('InvalidInput', issues[0]?.message ?? 'The input is not valid.', { fields });
}
