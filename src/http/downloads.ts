import { Hono } from 'hono';

/** `/{app}/downloads/file/{id}/{filename}`: the stored package of an approved file (update_link's target). */
export const downloads = new Hono();

// Only approved listed files are served here, to anyone; other files go on to the submissions routes, which
// serve them to the add-on's authors and reviewers once the request is authenticated (AMO's download_file).
downloads.get('/:app{firefox|android}/downloads/file/:id{[0-9]{1,10}}/:filename', async (c, next) => {
  const { services } = c.var;
  const file = await services.catalogue.read.findFile(Number(c.req.param('id')));
  if (!file || file.filename !== c.req.param('filename')) return next();
  const bytes = await services.blobs.get(`files/${file.addonId}/${file.filename}`);
  if (!bytes) return c.json({ detail: 'Not found.' }, 404);
  return c.body(bytes, 200, {
    'Content-Type': 'application/x-xpinstall',
    'Content-Disposition': `attachment; filename="${file.filename}"`,
    'Content-Length': String(bytes.byteLength),
    'Cache-Control': 'max-age=31536000, immutable',
    ...(file.hash ? { 'X-Target-Digest': file.hash } : {}),
  });
});
