// Absolute URLs for feeds, sitemaps, canonical links and social cards: the site's own public URL,
// else PUBLIC_URL, else the address this request came to.
import type { FastifyRequest } from 'fastify';
import type { HttpDeps } from '../server.js';

export function publicBase(deps: Pick<HttpDeps, 'config'>, req: FastifyRequest): string {
  const configured = req.parley?.site.publicUrl ?? deps.config.PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, '');
  return `${req.protocol}://${req.host}`;
}

export function absolute(base: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  return `${base}${path.startsWith('/') ? '' : '/'}${path}`;
}

/** Plain text of sanitized HTML (comment bodies, for structured data and feeds' summaries). */
export function htmlToText(html: string): string {
  return html
    .replace(/<(?:br|\/p|\/li|\/blockquote|\/h\d)\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos|#39|nbsp);/gi, (_, e: string) => {
      const k = e.toLowerCase();
      if (k === 'amp') return '&';
      if (k === 'lt') return '<';
      if (k === 'gt') return '>';
      if (k === 'quot') return '"';
      if (k === 'apos' || k === '#39') return "'";
      if (k === 'nbsp') return '\u00a0';
      const code = k.startsWith('#x') ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '';
    })
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
