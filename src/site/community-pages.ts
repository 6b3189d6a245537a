import type { ErrorName } from '../domain/errors.ts';
import type { MessageKey } from '../i18n/index.ts';
import { formErrorMessage } from './account-pages.ts';
import type { Place } from './place.ts';

const segment = encodeURIComponent;

/**
 * The URLs of the ratings, collections, submission and review pages. Forms post to the paths their routes
 * document: src/http/site/rating-forms.ts, collection-forms.ts, collection-choice-form.ts,
 * submission-forms.ts and review-forms.ts.
 */
export function communityLinks({ locale, app }: Place) {
  const root = `/${locale}/${app}`;
  const hub = `/${locale}/developers`;
  const reviews = (slug: string) => `${root}/addon/${segment(slug)}/reviews/`;
  const collection = (owner: string, slug: string) =>
    `${root}/collections/${segment(owner)}/${segment(slug)}/`;
  return {
    reviews,
    /** A rating's (or reply's) form: `edit`, `delete`, `reply` or `flag`. */
    rating: (slug: string, id: number, action: 'edit' | 'delete' | 'reply' | 'flag') =>
      `${reviews(slug)}${id}/${action}/`,
    collections: () => `${root}/collections/`,
    collectionCreate: () => `${root}/collections/add/`,
    /** Adds an add-on to the collection the form names (a select). */
    collectionChoice: () => `${root}/collections/add-addon/`,
    collection,
    /** A collection's form: `edit`, `delete` or `addons` (add one). */
    collectionAction: (owner: string, slug: string, action: 'edit' | 'delete' | 'addons') =>
      `${collection(owner, slug)}${action}/`,
    collectionAddon: (owner: string, slug: string, addonId: number, action: 'edit' | 'delete') =>
      `${collection(owner, slug)}addons/${addonId}/${action}/`,
    submit: () => `${hub}/addon/submit/`,
    upload: (uuid: string) => `${hub}/upload/${segment(uuid)}/`,
    version: (addonSlug: string, versionId: number) =>
      `${hub}/addon/${segment(addonSlug)}/versions/${versionId}/`,
    queue: () => `/${locale}/reviewers/queue/`,
    decision: (addonId: number, versionId: number, action: 'approve' | 'reject') =>
      `/${locale}/reviewers/addon/${addonId}/versions/${versionId}/${action}/`,
  };
}

export type CommunityLinks = ReturnType<typeof communityLinks>;

const ACTION_ERRORS: Partial<Readonly<Record<ErrorName, MessageKey>>> = {
  DuplicateRating: 'form.error.DuplicateRating',
  CollectionSlugTaken: 'form.error.CollectionSlugTaken',
  NotFound: 'form.error.NotFound',
  Conflict: 'form.error.Conflict',
};

/** The message for a form's `?error=`: the account pages' messages, and the ones only these forms meet. */
export function actionErrorMessage(name: string): MessageKey {
  return ACTION_ERRORS[name as ErrorName] ?? formErrorMessage(name);
}

/** A page's `?done` parameters: the first one present picks its confirmation. */
export function doneMessage(
  params: URLSearchParams,
  messages: Readonly<Record<string, MessageKey>>,
): MessageKey | null {
  if (params.get('error')) return null;
  const found = Object.keys(messages).find((name) => params.get(name));
  return found ? (messages[found] ?? null) : null;
}

/**
 * Whether a service threw the domain's `NotFound`. By name, not `instanceof`: the built pages carry their
 * own copy of the error class, not the origin's.
 */
export function isNotFound(error: unknown): boolean {
  return (
    error instanceof Error && error.name === 'TroveError' && (error as { code?: unknown }).code === 'NotFound'
  );
}
