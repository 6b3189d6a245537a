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
} as const;

export type ErrorName = keyof typeof ERRORS;

export class TroveError extends Error {
  readonly code: ErrorName;
  readonly hint: string | undefined;
  readonly details: readonly string[];

  constructor(code: ErrorName, message: string, opts: { hint?: string; details?: readonly string[] } = {}) {
    super(message);
    this.name = 'TroveError';
    this.code = code;
    this.hint = opts.hint;
    this.details = opts.details ?? [];
  }

  get status(): number {
    return ERRORS[this.code].status;
  }
}
