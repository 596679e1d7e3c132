import sanitizeHtml from 'sanitize-html';

/** The only images a notice may show: its own uploaded files, served to its audience. */
const OWN_IMAGE = /^\/api\/v1\/notices\/\d+\/documents\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * sanitize-html is pinned at 2.17.5, the last release that runs on Node 20 (2.17.6 and later want Node
 * 22.12). The advisory 2.17.6 fixed (URI schemes unchecked in attributes other than href, src and
 * cite: action, formaction, poster, background, ping, xlink:href) cannot reach this configuration,
 * which allows no such attribute; rich-text.test.ts holds it to that.
 *
 * A notice's rich text as it is kept and shown: headings, paragraphs, lists, quotes, emphasis,
 * links (http, https, mailto; opened apart) and the notice's own images. Everything else (scripts,
 * styles, event handlers, other sites' images that would track readers) is dropped.
 */
export function cleanRichText(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [
      'p',
      'br',
      'h2',
      'h3',
      'h4',
      'strong',
      'em',
      's',
      'u',
      'ul',
      'ol',
      'li',
      'blockquote',
      'a',
      'img',
      'hr',
    ],
    allowedAttributes: { a: ['href', 'target', 'rel'], img: ['src', 'alt'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesAppliedToAttributes: ['href'],
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer' } }),
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !OWN_IMAGE.test(frame.attribs.src ?? ''),
  });
}

/** Whether a cleaned body says anything (text or an image). */
export function hasContent(html: string): boolean {
  return /<img\s/.test(html) || sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).trim().length > 0;
}
