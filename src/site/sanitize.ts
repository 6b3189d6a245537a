import sanitizeHtml from 'sanitize-html';

/** AMO's small set for descriptions and release notes (PurifiedTranslation), plus `br`. */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'a',
    'abbr',
    'acronym',
    'b',
    'blockquote',
    'br',
    'code',
    'em',
    'i',
    'li',
    'ol',
    'strong',
    'ul',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], abbr: ['title'], acronym: ['title'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow noopener' } }),
  },
};

const BLOCK = '(?:ul|ol|li|blockquote)';
// Newlines next to list and quote tags are layout in the source, not line breaks (AMO's clean_nl).
const NEWLINE_BEFORE_BLOCK = new RegExp(`[ \\t]*\\n\\s*(?=</?${BLOCK}>)`, 'g');
const NEWLINE_AFTER_BLOCK = new RegExp(`(</?${BLOCK}>)[ \\t]*\\n\\s*`, 'g');

/**
 * User-written HTML (a description, release notes) made safe to render: only AMO's tags and attributes
 * survive, links get `rel="nofollow noopener"` and only http, https and mailto URLs; the content of
 * scripts, styles and other non-text tags is dropped; newlines become `<br>` as AMO renders plain text.
 */
export function sanitizeUserHtml(input: string): string {
  return sanitizeHtml(input.replaceAll('\r\n', '\n'), OPTIONS)
    .trim()
    .replace(NEWLINE_BEFORE_BLOCK, '')
    .replace(NEWLINE_AFTER_BLOCK, '$1')
    .replaceAll('\n', '<br>');
}
