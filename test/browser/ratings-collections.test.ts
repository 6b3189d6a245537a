import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_PAGE_CACHE_CONTROL } from '../../src/http/cache-headers.ts';
import { type BrowserSession, openBrowser } from '../support/browser.ts';
import { type PageOrigin, startPageOrigin } from '../support/page-origin.ts';
import { browserCatalogue } from './catalogue.ts';

const person = { username: 'rater', email: 'rater@example.com', password: 'a long enough password' };
const DETAIL = '/en-US/firefox/addon/tab-sorter/';
const REVIEWS = `${DETAIL}reviews/`;
/** Signed up before the import, which makes this account the add-on's author (`author1`). */
const author = { username: 'author1', email: 'author@example.com', password: person.password };

/** A visitor rates an add-on, reviews it, and keeps it in a collection: each test goes on from the last. */
describe('ratings and collections in Chromium', () => {
  let site: PageOrigin;
  let session: BrowserSession;

  beforeAll(async () => {
    site = await startPageOrigin();
    const { accounts } = site.origin.container;
    await accounts.signUp({ ...author, displayName: 'Ada Author' });
    await site.importAddons(browserCatalogue.slice(0, 2));
    await accounts.signUp({ ...person, displayName: 'Rita Rater' });
    // Someone else's review, for the visitor to report.
    const other = await accounts.signUp({
      username: 'grump',
      email: 'grump@example.com',
      password: person.password,
    });
    const services = site.origin.container.servicesFor({ pinned: true });
    await services.ratings.create(
      other.account,
      { slug: 'tab-sorter' },
      { score: 1, body: 'Buy cheap pills' },
    );
    session = await openBrowser(site.url);
  });
  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  const heading = () => session.page.getByRole('heading', { level: 1 }).textContent();
  const ratings = () => session.page.getByRole('region', { name: 'Ratings and reviews' });
  const status = () => session.page.getByRole('status');

  it('shows anonymous visitors the summary and a sign-in link, the same page for everyone', async () => {
    const { page } = session;
    await page.goto(DETAIL);
    expect(await ratings().textContent()).toContain('1 out of 5 (1 rating)');
    expect(await ratings().getByRole('button').count()).toBe(0);
    await session.screenshot('ratings-1-anonymous');
    await ratings().getByRole('link', { name: 'Sign in to rate this add-on' }).click();
    await page.waitForURL(`/en-US/firefox/users/login/?next=${encodeURIComponent(DETAIL)}`);

    const [first, second] = [await site.get(DETAIL), await site.get(DETAIL)];
    expect(first.headers.get('Cache-Control')).toBe(SHARED_PAGE_CACHE_CONTROL);
    const html = await first.text();
    expect(html).toBe(await second.text());
    expect(html).not.toContain('name="csrf"');
    expect(session.problems()).toEqual([]);
  });

  it('signs in, rates the add-on, and sees the rating and the new count on the page', async () => {
    const { page } = session;
    await page.getByLabel('Username or email address').fill(person.username);
    await page.getByLabel('Password').fill(person.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(DETAIL);
    const rate = ratings().getByRole('group', { name: 'Rate this add-on' });
    expect(await rate.getByRole('radio').count()).toBe(5);
    await rate.getByLabel('5 stars').check();
    await ratings().getByLabel('Your review').fill('Sorts my 300 tabs\nin a blink.');
    await session.screenshot('ratings-2-rate-form');
    await ratings().getByRole('button', { name: 'Save my rating' }).click();

    await page.waitForURL(/\/addon\/tab-sorter\/\?saved=\d+$/);
    expect(await status().first().textContent()).toBe('Your rating has been saved.');
    expect(await ratings().textContent()).toContain('3 out of 5 (2 ratings)');
    expect(await page.locator('#my-rating').textContent()).toBe('You rated this add-on 5 out of 5.');
    expect(await ratings().getByLabel('5 stars').isChecked()).toBe(true);
    expect(await ratings().getByLabel('Your review').inputValue()).toBe('Sorts my 300 tabs\nin a blink.');
    await session.screenshot('ratings-3-rated');
    expect(session.problems()).toEqual([]);
  });

  it('lists the reviews, edits its own and reports someone else’s', async () => {
    const { page } = session;
    await ratings().getByRole('link', { name: 'Read all reviews' }).click();
    await page.waitForURL(REVIEWS);
    expect(await heading()).toBe('Reviews of Tab Sorter');
    const mine = page.getByRole('article', { name: 'Review by Rita Rater' });
    const theirs = page.getByRole('article', { name: 'Review by grump' });
    expect(await mine.textContent()).toContain('Rated 5 out of 5');
    expect(await theirs.getByRole('button', { name: 'Delete my review' }).count()).toBe(0);

    await mine.getByText('Edit my review').click();
    await mine.getByLabel('4 stars').check();
    await mine.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/\/reviews\/\?saved=\d+$/);
    expect(await status().textContent()).toBe('Your changes have been saved.');
    expect(await mine.textContent()).toContain('Rated 4 out of 5');

    await theirs.getByText('Report this review').click();
    await theirs.getByLabel('Why should moderators look at it?').selectOption('rating_flag_reason_spam');
    await session.screenshot('ratings-4-reviews-flag');
    await theirs.getByRole('button', { name: 'Report', exact: true }).click();
    await page.waitForURL(`${REVIEWS}?flagged=1`);
    expect(await status().textContent()).toBe('Thank you: moderators will look at the review.');
    expect(session.problems()).toEqual([]);
  });

  it('lets the add-on’s developer reply, then the visitor deletes their review', async () => {
    const developer = await session.visitor();
    try {
      const { page } = developer;
      await page.goto(`/en-US/firefox/users/login/?next=${encodeURIComponent(REVIEWS)}`);
      await page.getByLabel('Username or email address').fill(author.username);
      await page.getByLabel('Password').fill(author.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(REVIEWS);
      const review = page.getByRole('article', { name: 'Review by Rita Rater' });
      expect(await review.getByText('Report this review').isVisible()).toBe(true);
      await review.getByText('Reply to this review').click();
      await review.getByLabel('Your reply').fill('Thank you, Rita!');
      await review.getByRole('button', { name: 'Post reply' }).click();
      await page.waitForURL(/\/reviews\/\?saved=\d+$/);
      expect(await review.getByRole('heading', { name: 'Reply from Ada Author' }).isVisible()).toBe(true);
      await developer.screenshot('ratings-5-developer-reply');
      expect(developer.problems()).toEqual([]);
    } finally {
      await developer.close();
    }

    const { page } = session;
    await page.goto(REVIEWS);
    const mine = page.getByRole('article', { name: 'Review by Rita Rater' });
    expect(await mine.textContent()).toContain('Thank you, Rita!');
    expect(await mine.getByRole('button', { name: 'Delete my reply' }).count()).toBe(0);
    await mine.getByRole('button', { name: 'Delete my review' }).click();
    await page.waitForURL(`${REVIEWS}?deleted=1`);
    expect(await status().textContent()).toBe('The review has been deleted.');
    expect(await mine.count()).toBe(0);
    expect(session.problems()).toEqual([]);
  });

  it('creates a collection and adds the add-on to it from its page, with notes', async () => {
    const { page } = session;
    await page.goto('/en-US/firefox/users/edit/');
    await page
      .getByRole('region', { name: 'My collections' })
      .getByRole('link', { name: 'Create a collection' })
      .click();
    await page.waitForURL('/en-US/firefox/collections/');
    expect(await page.getByText('You have no collections yet.').isVisible()).toBe(true);
    await page.getByLabel('Name', { exact: true }).fill('Tab tools');
    await page.getByLabel('Address').fill('tab-tools');
    await page.getByLabel('Description').fill('What keeps my tabs tidy.');
    expect(await page.getByLabel('Public: anyone can see this collection').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Create collection' }).click();
    await page.waitForURL('/en-US/firefox/collections/rater/tab-tools/?created=1');
    expect(await heading()).toBe('Tab tools');
    expect(await status().textContent()).toBe('Your collection has been created.');

    await page.goto(DETAIL);
    const collect = page.getByRole('region', { name: 'Add to a collection' });
    expect(await collect.getByLabel('Collection').inputValue()).toBe('tab-tools');
    await collect.getByLabel('Notes').fill('The one I start with.');
    await session.screenshot('collections-1-add-from-detail');
    await collect.getByRole('button', { name: 'Add to collection' }).click();
    await page.waitForURL(`${DETAIL}?added=tab-tools`);
    expect(await collect.getByRole('status').textContent()).toBe('Added to Tab tools');

    await collect.getByRole('link', { name: 'Tab tools' }).click();
    await page.waitForURL('/en-US/firefox/collections/rater/tab-tools/');
    const list = page.getByRole('list').filter({ has: page.getByRole('link', { name: 'Tab Sorter' }) });
    expect(await list.textContent()).toContain('Notes: The one I start with.');
    expect(await page.getByText('1 add-on').isVisible()).toBe(true);
    await session.screenshot('collections-2-collection');
    expect(session.problems()).toEqual([]);
  });

  it('makes the collection private (then others get a 404), removes the add-on and deletes it', async () => {
    const { page } = session;
    const path = '/en-US/firefox/collections/rater/tab-tools/';
    expect((await site.get(path)).status).toBe(200);
    await page.getByLabel('Public: anyone can see this collection').uncheck();
    await page.getByRole('button', { name: 'Save collection' }).click();
    await page.waitForURL(`${path}?saved=1`);
    expect(await page.getByText('Private', { exact: true }).isVisible()).toBe(true);
    const anonymous = await site.get(path);
    expect(anonymous.status).toBe(404);

    await page.getByRole('button', { name: 'Remove Tab Sorter' }).click();
    await page.waitForURL(`${path}?removed=1`);
    expect(await page.getByText('This collection has no add-ons yet.').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Delete collection' }).click();
    await page.waitForURL('/en-US/firefox/user/rater/?deleted=1');
    expect(await status().textContent()).toBe('Your collection has been deleted.');
    await session.screenshot('collections-3-deleted');
    expect(session.problems()).toEqual([]);
  });
});
