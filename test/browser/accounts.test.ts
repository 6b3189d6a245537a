import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, openBrowser } from '../support/browser.ts';
import { type PageOrigin, startPageOrigin } from '../support/page-origin.ts';
import { browserCatalogue } from './catalogue.ts';

const person = {
  username: 'browser-tester',
  email: 'tester@example.com',
  password: 'correct horse battery staple',
  displayName: 'Browser Tester',
};

/** One person's life on the site, step by step: each test goes on from where the one before left off. */
describe('an account in Chromium, from sign-up to deletion', () => {
  let site: PageOrigin;
  let session: BrowserSession;

  beforeAll(async () => {
    site = await startPageOrigin();
    await site.importAddons(browserCatalogue.slice(0, 1));
    session = await openBrowser(site.url);
  });
  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  const heading = () => session.page.getByRole('heading', { level: 1 }).textContent();
  const accountNav = () => session.page.getByRole('navigation', { name: 'Account' });
  const alert = () => session.page.getByRole('alert');

  async function signIn(login: string, password: string) {
    const { page } = session;
    await page.getByLabel('Username or email address').fill(login);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState();
  }

  it('signs up through the form and lands on the profile, signed in', async () => {
    const { page } = session;
    await page.goto('/en-US/firefox/');
    await accountNav().getByRole('link', { name: 'Register' }).click();
    await page.waitForURL('/en-US/firefox/users/signup/');
    expect(await heading()).toBe('Register');
    const username = page.getByLabel('Username', { exact: true });
    expect(await username.getAttribute('autocomplete')).toBe('username');
    expect(await page.getByLabel('Password').getAttribute('autocomplete')).toBe('new-password');
    await username.fill(person.username);
    await page.getByLabel('Email address').fill(person.email);
    await page.getByLabel('Password').fill(person.password);
    await page.getByLabel('Display name').fill(person.displayName);
    await session.screenshot('accounts-1-signup');
    await page.getByRole('button', { name: 'Create my account' }).click();

    await page.waitForURL('/en-US/firefox/users/edit/?welcome=1');
    expect(await heading()).toBe('Edit my profile');
    expect(await page.getByRole('status').textContent()).toBe(
      'Welcome, Browser Tester: your account is ready.',
    );
    expect(await accountNav().textContent()).toContain('Signed in as Browser Tester');
    expect(await page.getByLabel('Display name').inputValue()).toBe(person.displayName);
    await session.screenshot('accounts-2-profile-welcome');
    expect(session.problems()).toEqual([]);
  });

  it('shows an error when the username is taken', async () => {
    const { page } = session;
    const other = await session.browser.newContext({ baseURL: site.url });
    const visitor = await other.newPage();
    await visitor.goto('/en-US/firefox/users/signup/');
    await visitor.getByLabel('Username', { exact: true }).fill(person.username);
    await visitor.getByLabel('Email address').fill('someone-else@example.com');
    await visitor.getByLabel('Password').fill(person.password);
    await visitor.getByRole('button', { name: 'Create my account' }).click();
    await visitor.waitForURL('/en-US/firefox/users/signup/?error=UsernameTaken');
    expect(await visitor.getByRole('alert').textContent()).toContain(
      'That username is already in use: choose another one.',
    );
    expect(await visitor.getByLabel('Username', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await other.close();
    expect(page.url()).toContain('/users/edit/');
  });

  it('signs out with the header’s button', async () => {
    const { page } = session;
    await accountNav().getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('/en-US/firefox/');
    expect(await accountNav().getByRole('link', { name: 'Sign in' }).isVisible()).toBe(true);
    expect((await session.context.cookies()).map((c) => c.name)).not.toContain('trove_session');
    expect(session.problems()).toEqual([]);
  });

  it('refuses a wrong password with a message, then signs in with the email address', async () => {
    const { page } = session;
    await accountNav().getByRole('link', { name: 'Sign in' }).click();
    await page.waitForURL('/en-US/firefox/users/login/?next=%2Fen-US%2Ffirefox%2F');
    expect(await heading()).toBe('Sign in');

    await signIn(person.username, 'not the password at all');
    expect(page.url()).toContain('/en-US/firefox/users/login/?error=BadCredentials');
    expect(await alert().textContent()).toContain('The username or password is not right.');
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    await session.screenshot('accounts-3-login-error');

    await signIn(person.email, person.password);
    expect(new URL(page.url()).pathname).toBe('/en-US/firefox/');
    expect(await accountNav().textContent()).toContain('Signed in as Browser Tester');
    expect(session.problems()).toEqual([]);
  });

  it('edits the display name, which the header then shows', async () => {
    const { page } = session;
    await accountNav().getByRole('link', { name: person.displayName }).click();
    await page.waitForURL('/en-US/firefox/users/edit/');
    await page.getByLabel('Display name').fill('Tess Tester');
    await page.getByRole('button', { name: 'Save my profile' }).click();
    await page.waitForURL('/en-US/firefox/users/edit/?saved=1');
    expect(await page.getByRole('status').textContent()).toBe('Your profile has been saved.');
    expect(await accountNav().textContent()).toContain('Signed in as Tess Tester');
    expect(await page.getByLabel('Display name').inputValue()).toBe('Tess Tester');
    await session.screenshot('accounts-4-profile-saved');
    expect(session.problems()).toEqual([]);
  });

  it('gets API credentials on the developer hub after accepting the agreement, and revokes them', async () => {
    const { page } = session;
    const found = await site.origin.container.accountStore.findLogin(person.username);
    const userId = found?.account.id;
    await page.getByRole('link', { name: 'Get API credentials in the Developer Hub' }).click();
    await page.waitForURL('/en-US/developers/addon/api/key/');
    expect(await heading()).toBe('API credentials');
    expect(await page.getByRole('heading', { name: 'Developer agreement' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Generate new credentials' }).count()).toBe(0);
    const french = page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'Français' });
    expect(await french.getAttribute('href')).toBe('/fr/developers/addon/api/key/');
    await session.screenshot('accounts-5-agreement');

    await page.getByLabel('I have read and accept the developer agreement').check();
    await page.getByRole('button', { name: 'Accept and continue' }).click();
    await page.waitForURL('/en-US/developers/addon/api/key/?done=agree');
    expect(await page.getByRole('status').textContent()).toBe('You accepted the developer agreement.');
    expect(await page.getByText('You have no API credentials yet.').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Generate new credentials' }).click();
    await page.waitForURL('/en-US/developers/addon/api/key/?done=create');
    const key = await page.locator('#api-key').textContent();
    expect(key).toMatch(new RegExp(`^user:${userId}:\\d+$`));
    expect(await page.locator('#api-secret').textContent()).toMatch(/^[0-9a-f]{64}$/);
    expect((await site.origin.container.accounts.currentApiKey(userId ?? 0))?.key).toBe(key);
    await session.screenshot('accounts-6-api-key');

    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.waitForURL('/en-US/developers/addon/api/key/?done=revoke');
    expect(await page.getByText('You have no API credentials yet.').isVisible()).toBe(true);
    expect(await page.locator('#api-key').count()).toBe(0);
    expect(session.problems()).toEqual([]);
  });

  it('deletes the account after the username is typed, and the password no longer signs in', async () => {
    const { page } = session;
    await page.goto('/en-US/firefox/users/edit/');
    await page.getByLabel(`Type your username (${person.username}) to confirm`).fill(person.username);
    await session.screenshot('accounts-7-delete');
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.waitForURL('/en-US/firefox/?deleted=1');
    expect(await accountNav().getByRole('link', { name: 'Sign in' }).isVisible()).toBe(true);

    await page.goto('/en-US/firefox/users/login/');
    await signIn(person.username, person.password);
    expect(page.url()).toContain('/users/login/?error=BadCredentials');
    expect(await alert().textContent()).toContain('The username or password is not right.');
    await session.screenshot('accounts-8-deleted-login');
    expect(session.problems()).toEqual([]);
  });
});
