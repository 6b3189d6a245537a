import { z } from 'zod';

/** The cookie of a signed-in session; the edge passes any request carrying it to the origin. */
export { SESSION_COOKIE } from './edge/request-policy.ts';

/** AMO's permission strings (`constants/permissions.py`), granted to groups as `App:Action` rules. */
export const PERMISSIONS = {
  addonsReview: 'Addons:Review',
  adminCuration: 'Admin:Curation',
  ratingsModerate: 'Ratings:Moderate',
  collectionsEdit: 'Collections:Edit',
  usersEdit: 'Users:Edit',
} as const;
export type Permission = (typeof PERMISSIONS)[keyof typeof PERMISSIONS];

/**
 * Whether rules like `Addons:Review,Admin:*` grant `permission`. As AMO's `action_allowed_for`: `*` matches
 * any app or action, and `*:*` is every permission.
 */
export function grants(rules: readonly string[], permission: string): boolean {
  const [app, action] = permission.split(':');
  return rules.some((rule) => {
    const [ruleApp, ruleAction] = rule.trim().split(':');
    return (ruleApp === '*' || ruleApp === app) && (ruleAction === '*' || ruleAction === action);
  });
}

/** A person as the site knows them once signed in. */
export interface Account {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly pictureUrl: string | null;
  /** Permission rules from every group the person is in. */
  readonly rules: readonly string[];
  readonly readDevAgreement: boolean;
  readonly created: Date;
}

export const USERNAME = z
  .string()
  .trim()
  .min(2, 'Usernames have at least 2 characters.')
  .max(50, 'Usernames have at most 50 characters.')
  .regex(/^[A-Za-z0-9_.-]+$/, 'Usernames use letters, digits, dots, dashes and underscores only.')
  .refine((u) => !/^\d+$/.test(u), 'A username cannot be only digits.');

export const PASSWORD = z
  .string()
  .min(10, 'Passwords have at least 10 characters.')
  .max(200, 'Passwords have at most 200 characters.');

export const EMAIL = z.string().trim().toLowerCase().email('Enter a valid email address.').max(255);

export const DISPLAY_NAME = z
  .string()
  .trim()
  .min(2, 'Display names have at least 2 characters.')
  .max(50, 'Display names have at most 50 characters.');

export const signUpInput = z.object({
  username: USERNAME,
  email: EMAIL,
  password: PASSWORD,
  displayName: DISPLAY_NAME.optional(),
});
export type SignUpInput = z.output<typeof signUpInput>;

export const profileInput = z.object({
  displayName: DISPLAY_NAME.optional(),
  username: USERNAME.optional(),
  pictureUrl: z
    .url({ protocol: /^https$/ })
    .max(255)
    .nullable()
    .optional(),
});
export type ProfileInput = z.output<typeof profileInput>;

/** AMO's API key format: `user:<user id>:<n>`. */
export function apiKeyFor(userId: number, n: number): string {
  return `user:${userId}:${n}`;
}
