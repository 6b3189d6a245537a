import { Hono } from 'hono';
import { html } from 'hono/html';
import { translate } from '../domain/catalogue.ts';

/** A plain landing page over the catalogue until the Astro storefront takes `/` (issue 4). */
export const home = new Hono();

home.get('/', async (c) => {
  const page = await c.var.services.catalogue.read.listAddons({ sort: 'users', limit: 20, offset: 0 });
  const rows = page.results.map(
    (a) =>
      html`<li><strong>${translate(a.name, 'en-US', a.defaultLocale)}</strong> — ${a.averageDailyUsers.toLocaleString('en-US')} users<br /><small>${translate(a.summary, 'en-US', a.defaultLocale)}</small></li>`,
  );
  return c.html(
    html`<!doctype html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>Trove — add-ons</title>
        </head>
        <body>
          <main>
            <h1>Trove</h1>
            <p>${page.count.toLocaleString('en-US')} public add-ons. Most popular:</p>
            <ol>
              ${rows}
            </ol>
          </main>
        </body>
      </html>`,
  );
});
