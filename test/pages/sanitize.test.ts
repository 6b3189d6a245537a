import { describe, expect, it } from 'vitest';
import { sanitizeUserHtml } from '../../src/site/sanitize.ts';

describe('sanitizeUserHtml', () => {
  it("keeps AMO's small set of tags", () => {
    const html =
      '<b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <code>c</code> <abbr title="t">a</abbr> ' +
      '<acronym title="t">x</acronym><blockquote>q</blockquote><ul><li>1</li></ul><ol><li>2</li></ol>';
    expect(sanitizeUserHtml(html)).toBe(html);
  });

  it('removes scripts, styles and iframes with their content, and unknown tags but not their text', () => {
    expect(sanitizeUserHtml('a<script>alert(1)</script>b')).toBe('ab');
    expect(sanitizeUserHtml('a<style>body{display:none}</style>b')).toBe('ab');
    expect(sanitizeUserHtml('a<iframe src="https://evil.example"></iframe>b')).toBe('ab');
    expect(sanitizeUserHtml('<h1>Big</h1><img src="x" onerror="alert(1)"><div>text</div>')).toBe('Bigtext');
    expect(sanitizeUserHtml('<svg><script>alert(1)</script></svg>ok')).toBe('ok');
  });

  it('removes event handlers and style attributes', () => {
    expect(sanitizeUserHtml('<b onclick="alert(1)" style="color:red">x</b>')).toBe('<b>x</b>');
    expect(sanitizeUserHtml('<a href="https://a.example" onmouseover="x()">a</a>')).toBe(
      '<a href="https://a.example" rel="nofollow noopener">a</a>',
    );
  });

  it('keeps only http, https and mailto links, always rel="nofollow noopener"', () => {
    expect(sanitizeUserHtml('<a href="javascript:alert(1)">x</a>')).toBe('<a rel="nofollow noopener">x</a>');
    expect(sanitizeUserHtml('<a href="JaVaScRiPt&colon;alert(1)">x</a>')).toBe(
      '<a rel="nofollow noopener">x</a>',
    );
    expect(sanitizeUserHtml('<a href="data:text/html,<script>">x</a>')).toBe(
      '<a rel="nofollow noopener">x</a>',
    );
    expect(sanitizeUserHtml('<a href="//evil.example/">x</a>')).toBe('<a rel="nofollow noopener">x</a>');
    expect(sanitizeUserHtml('<a href="mailto:a@b.example" title="Mail" rel="me" target="_blank">m</a>')).toBe(
      '<a href="mailto:a@b.example" title="Mail" rel="nofollow noopener">m</a>',
    );
  });

  it('escapes text that only looks like markup', () => {
    expect(sanitizeUserHtml('1 < 2 & "3" > 0')).toBe('1 &lt; 2 &amp; "3" &gt; 0');
  });

  it('turns newlines into <br> except around lists and quotes, as AMO does', () => {
    expect(sanitizeUserHtml('one\ntwo\r\n\r\nthree\n')).toBe('one<br>two<br><br>three');
    expect(sanitizeUserHtml('Features:\n<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\nEnd')).toBe(
      'Features:<ul><li>a</li><li>b</li></ul>End',
    );
  });
});
