import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlUploadStore } from '../../src/adapters/sql/upload-store.ts';
import { CHANNEL } from '../../src/domain/constants.ts';
import { validationMessage, validationResult } from '../../src/domain/submission.ts';
import { extensionZip } from '../fixtures/packages.ts';
import { type BrowserSession, openBrowser } from '../support/browser.ts';
import { type PageOrigin, startPageOrigin } from '../support/page-origin.ts';

const password = 'a long enough password';
const developer = { username: 'dev', email: 'dev@example.com', password, displayName: 'Dana Dev' };
const reviewer = { username: 'reviewer', email: 'reviewer@example.com', password };

/** From a package on a developer's disk to a listed add-on anyone can install, through the site's pages. */
describe('submitting an add-on and reviewing it in Chromium', () => {
  let site: PageOrigin;
  let session: BrowserSession;
  let zip: Uint8Array;
  /** The developer's page of the submitted version. */
  let versionPage = '';

  beforeAll(async () => {
    site = await startPageOrigin();
    const { accounts, accountStore } = site.origin.container;
    await accounts.signUp(developer);
    const { account } = await accounts.signUp(reviewer);
    await accountStore.joinGroups(account.id, [{ name: 'reviewers', rules: 'Addons:Review' }]);
    zip = await extensionZip({ name: 'Shiny Tabs', description: 'Makes tabs shine.' });
    await submitThroughService(site, { username: 'other-dev', email: 'other@example.com', password });
    session = await openBrowser(site.url);
  });
  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  async function signIn(visitor: BrowserSession, who: { username: string; password: string }, next: string) {
    await visitor.page.goto(`/en-US/firefox/users/login/?next=${encodeURIComponent(next)}`);
    await visitor.page.getByLabel('Username or email address').fill(who.username);
    await visitor.page.getByLabel('Password').fill(who.password);
    await visitor.page.getByRole('button', { name: 'Sign in' }).click();
    await visitor.page.waitForURL(next);
  }

  const heading = (visitor = session) => visitor.page.getByRole('heading', { level: 1 }).textContent();

  it('accepts the developer agreement on the way to the submission form', async () => {
    const { page } = session;
    await signIn(session, developer, '/en-US/developers/');
    await page.getByRole('link', { name: 'Submit a new add-on' }).click();
    await page.waitForURL('/en-US/developers/addon/submit/');
    await page.getByRole('link', { name: 'read the agreement' }).click();
    await page.getByLabel('I have read and accept the developer agreement').check();
    await page.getByRole('button', { name: 'Accept and continue' }).click();
    await page.waitForURL('/en-US/developers/addon/api/key/?done=agree');
    await page.goto('/en-US/developers/addon/submit/');
    expect(await heading()).toBe('Submit a new add-on');
    expect(await page.getByLabel('On this site').isChecked()).toBe(true);
    expect(session.problems()).toEqual([]);
  });

  it('uploads the package with a progress bar and shows the validation', async () => {
    const { page } = session;
    await page
      .getByLabel('Add-on package')
      .setInputFiles({ name: 'shiny-tabs.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
    await page.getByRole('button', { name: 'Upload and validate' }).click();
    expect(await page.locator('#upload-progress').isVisible()).toBe(true);
    const report = page.locator('#upload-report');
    const next = report.getByRole('link', { name: 'Continue' });
    await next.waitFor({ timeout: 30_000 });
    expect(await page.locator('#upload-status').textContent()).toBe('Your add-on passed validation.');
    expect(await report.textContent()).toMatch(/Errors: 0\. Warnings: \d+\. Notices: \d+\./);
    expect(await page.locator('#upload-progress').isVisible()).toBe(false);
    await session.screenshot('submit-1-validated');
    expect(session.problems()).toEqual([]);

    await next.click();
    await page.waitForURL(/\/en-US\/developers\/upload\/[0-9a-f]{32}\/$/);
    expect(await heading()).toBe('Validation of shiny-tabs.zip');
    expect(await page.getByRole('status').textContent()).toBe('Your add-on passed validation.');
  });

  it('describes the listed add-on and submits it: it awaits review', async () => {
    const { page } = session;
    const details = page.getByRole('region', { name: 'Describe your add-on' });
    expect(await details.getByLabel('Name').inputValue()).toBe('Shiny Tabs');
    expect(await details.getByLabel('Summary').inputValue()).toBe('Makes tabs shine.');
    await details.getByLabel('License').selectOption('MPL-2.0');
    await details.getByRole('button', { name: 'Submit add-on' }).click();
    // Listed add-ons need categories too: the form says what is missing.
    await page.waitForURL(/\?error=InvalidInput/);
    expect(await page.getByRole('alert').textContent()).toContain('categories: This field is required');

    await details.getByLabel('Tabs', { exact: true }).check();
    await details.getByLabel('License').selectOption('MPL-2.0');
    await session.screenshot('submit-2-details');
    await details.getByRole('button', { name: 'Submit add-on' }).click();
    await page.waitForURL(/\/en-US\/developers\/addon\/shiny-tabs\/versions\/\d+\/\?submitted=1$/);
    expect(await heading()).toBe('Shiny Tabs 1.0.0');
    expect(await page.getByRole('status').textContent()).toBe('Your add-on has been submitted.');
    expect(await page.locator('#version-status').textContent()).toBe('Awaiting review');
    versionPage = page.url();
    await session.screenshot('submit-3-awaiting-review');

    // Not public yet, and a developer is no reviewer.
    expect((await site.get('/en-US/firefox/addon/shiny-tabs/')).status).toBe(404);
    session.allowHttpError(403, '/reviewers/queue/');
    const denied = await page.goto('/en-US/reviewers/queue/');
    expect(denied?.status()).toBe(403);
    expect(await heading()).toBe('Access denied');
    expect(session.problems()).toEqual([]);
  });

  it('works without JavaScript: the form posts, and the upload page refreshes until validated', async () => {
    const noScript = await session.visitor({ javaScriptEnabled: false });
    try {
      await noScript.context.addCookies(await session.context.cookies());
      await noScript.page.goto('/en-US/developers/addon/submit/');
      await noScript.page.getByLabel('On my own').check();
      await noScript.page
        .getByLabel('Add-on package')
        .setInputFiles({ name: 'broken.zip', mimeType: 'application/zip', buffer: Buffer.from('not a zip') });
      await noScript.page.getByRole('button', { name: 'Upload and validate' }).click();
      await noScript.page.waitForURL(/\/en-US\/developers\/upload\/[0-9a-f]{32}\/$/);
      const failed = noScript.page.getByRole('alert');
      await failed.waitFor({ timeout: 15_000 });
      expect(await failed.textContent()).toContain('Your add-on did not pass validation');
      expect(await noScript.page.getByText(/Errors: [1-9]/).isVisible()).toBe(true);
      await noScript.screenshot('submit-4-no-script-invalid');

      // An upload still waiting for its validation job: the page says so and refreshes itself until done.
      const uploads = new SqlUploadStore(site.origin.container.db.primary);
      const uuid = 'a'.repeat(32);
      const found = await site.origin.container.accountStore.findLogin(developer.username);
      await uploads.create(
        {
          uuid,
          userId: found?.account.id ?? 0,
          channel: CHANNEL.unlisted,
          filename: 'slow.zip',
          blobKey: `uploads/${uuid}/slow.zip`,
          size: 10,
          hash: `sha256:${'0'.repeat(64)}`,
        },
        new Date(),
      );
      const pending = await noScript.page.goto(`/en-US/developers/upload/${uuid}/`);
      const html = (await pending?.text()) ?? '';
      expect(html).toContain('<meta http-equiv="refresh" content="1">');
      expect(html).toContain('Your add-on is being validated: this page refreshes by itself.');
      await noScript.screenshot('submit-5-no-script-pending');
      const boom = validationMessage('error', 'BOOM', 'The validator found a problem.');
      await uploads.recordValidation(uuid, { validation: validationResult([boom], {}), manifest: null });
      await noScript.page.getByText('The validator found a problem.').waitFor({ timeout: 5_000 });
      expect(await noScript.page.getByRole('alert').textContent()).toContain('did not pass validation');
      expect(noScript.problems()).toEqual([]);
    } finally {
      await noScript.close();
    }
  });

  it('is approved by a reviewer in the queue, where another version is rejected with a reason', async () => {
    const desk = await session.visitor();
    try {
      await signIn(desk, reviewer, '/en-US/reviewers/queue/');
      expect(await heading(desk)).toBe('Review queue');
      const dull = desk.page.getByRole('article', { name: 'Dull Tabs 2.0' });
      await dull.getByText('Reject Dull Tabs 2.0').click();
      await dull.getByLabel('Reason (sent to the developer)').fill('It does nothing.');
      await dull.getByRole('button', { name: 'Reject this version' }).click();
      await desk.page.waitForURL(/\/en-US\/reviewers\/queue\/\?rejected=\d+$/);
      expect(await desk.page.getByRole('status').textContent()).toBe('The version has been rejected.');
      expect(await dull.count()).toBe(0);

      const entry = desk.page.getByRole('article', { name: 'Shiny Tabs 1.0.0' });
      expect(await entry.textContent()).toContain('test@trove.test');
      await desk.screenshot('review-1-queue');
      await entry.getByRole('button', { name: 'Approve Shiny Tabs 1.0.0' }).click();
      await desk.page.waitForURL(/\/en-US\/reviewers\/queue\/\?approved=\d+$/);
      expect(await desk.page.getByRole('status').textContent()).toBe(
        'The version has been approved and published.',
      );
      expect(await desk.page.getByText('Nothing is awaiting review.').isVisible()).toBe(true);
      await desk.screenshot('review-2-approved');
      expect(desk.problems()).toEqual([]);
    } finally {
      await desk.close();
    }
  });

  it('is live for an anonymous visitor, and the developer sees it approved', async () => {
    const visitor = await session.visitor();
    try {
      await visitor.page.goto('/en-US/firefox/addon/shiny-tabs/');
      expect(await heading(visitor)).toBe('Shiny Tabs');
      expect(await visitor.page.getByText('Makes tabs shine.').isVisible()).toBe(true);
      expect(await visitor.page.getByRole('link', { name: 'Add to Firefox' }).isVisible()).toBe(true);
      await visitor.screenshot('review-3-live-anonymous');
      expect(visitor.problems()).toEqual([]);
    } finally {
      await visitor.close();
    }
    await session.page.goto(versionPage);
    expect(await session.page.locator('#version-status').textContent()).toBe('Approved');
    expect(await session.page.getByRole('link', { name: 'See it on the site' }).isVisible()).toBe(true);
    expect(session.problems()).toEqual([]);
  });
});

/** Another developer's listed add-on, submitted through the service: the queue has something to reject. */
async function submitThroughService(
  site: PageOrigin,
  who: { username: string; email: string; password: string },
) {
  const { accounts, accountStore, submissions } = site.origin.container;
  const { account } = await accounts.signUp(who);
  await accounts.acceptDeveloperAgreement(account.id);
  const dev = (await accountStore.findLogin(who.username))?.account ?? account;
  const bytes = await extensionZip({
    name: 'Dull Tabs',
    version: '2.0',
    browser_specific_settings: {
      gecko: { id: 'dull@trove.test', data_collection_permissions: { required: ['none'] } },
    },
  });
  const { uuid } = await submissions.createUpload(
    dev,
    new File([bytes as Uint8Array<ArrayBuffer>], 'dull.zip'),
    'listed',
  );
  while (!(await submissions.getUpload(dev, uuid)).processed) await new Promise((r) => setTimeout(r, 50));
  await submissions.submit(
    dev,
    { categories: ['tabs'], version: { upload: uuid, license: 'MIT' } },
    { kind: 'create' },
  );
}
