/** Just enough HTML reading for page tests: the pages are server-rendered strings with no scripts. */

export function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

export function allOf(html: string, tag: string): string[] {
  return [...html.matchAll(new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1] ?? '');
}

/** The page's h1s, as text. */
export function headingsOf(html: string): string[] {
  return allOf(html, 'h1').map(textOf);
}

/** The first `attr` value of an element matching `selector` (a tag name and attribute test, as a regex). */
export function attrOf(html: string, elementPattern: string, attr: string): string | null {
  const element = new RegExp(`<${elementPattern}[^>]*>`).exec(html)?.[0];
  if (!element) return null;
  return new RegExp(`\\s${attr}="([^"]*)"`).exec(element)?.[1] ?? null;
}
