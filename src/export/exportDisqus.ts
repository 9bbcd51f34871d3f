// Writes a site's discussions as a Disqus export, so they can move to Disqus or to any tool that
// imports Disqus files (including Parley): one <thread> per article, one <post> per comment,
// with its rendered HTML, author, time, parent and state. Disqus has no "waiting for
// moderation": those posts carry <isApproved>false</isApproved>, which Parley's importer reads
// and other tools ignore. Rejected comments are exported as deleted.
import type { Site } from '../domain/types.js';
import type { Store } from '../store/store.js';
import type { ProgressSink } from '../services/imports/progress.js';
import type { LineWriter } from './writer.js';

const PAGE = 1000;

// Characters XML 1.0 does not allow, and unpaired surrogates.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(s: string): string {
  return s.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;');
}

export function cdata(s: string): string {
  return `<![CDATA[${s.replace(INVALID_XML, '').replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** Disqus writes times without milliseconds. */
function disqusTime(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, 'Z');
}

function bool(v: boolean): string {
  return v ? 'true' : 'false';
}

export async function writeDisqusExport(store: Store, site: Site, out: LineWriter, opts: { progress: ProgressSink }): Promise<Record<string, number>> {
  const forum = xmlText(site.slug);
  await out.write(
    '<?xml version="1.0" encoding="utf-8"?>\n' +
      '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n' +
      '        xsi:schemaLocation="http://disqus.com/api/schemas/1.0/disqus.xsd http://disqus.com/api/schemas/1.0/disqus-internals.xsd">\n' +
      `  <category dsq:id="1">\n    <forum>${forum}</forum>\n    <title>General</title>\n    <isDefault>true</isDefault>\n  </category>\n`,
  );
  const base = site.publicUrl?.replace(/\/+$/, '') ?? '';
  let threads = 0;
  let after: unknown[] | undefined;
  opts.progress.start('exporting threads', 'articles', null);
  for (;;) {
    const rows = await store.imports.exportPage({ table: 'articles', where: [{ column: 'site_id', op: '=', value: site.id }], orderBy: ['id'], after, limit: PAGE });
    if (rows.length === 0) break;
    let chunk = '';
    for (const a of rows) {
      const link = typeof a.external_url === 'string' && a.external_url ? a.external_url : `${base}/articles/${encodeURIComponent(String(a.slug))}`;
      chunk +=
        `  <thread dsq:id="${xmlAttr(String(a.id))}">\n` +
        `    <id>${xmlText(typeof a.external_id === 'string' && a.external_id ? a.external_id : String(a.slug))}</id>\n` +
        `    <forum>${forum}</forum>\n    <category dsq:id="1"/>\n` +
        `    <link>${xmlText(link)}</link>\n    <title>${xmlText(String(a.title ?? ''))}</title>\n    <message/>\n` +
        `    <createdAt>${disqusTime(String(a.created_at))}</createdAt>\n` +
        `    <isClosed>${bool(a.comments_mode === 'closed')}</isClosed>\n    <isDeleted>false</isDeleted>\n  </thread>\n`;
    }
    await out.write(chunk);
    threads += rows.length;
    opts.progress.update(threads);
    after = [rows[rows.length - 1]!.id];
    if (rows.length < PAGE) break;
  }
  opts.progress.finish();

  let posts = 0;
  after = undefined;
  opts.progress.start('exporting posts', 'comments', null);
  for (;;) {
    const rows = await store.imports.exportPage({ table: 'comments', where: [{ column: 'site_id', op: '=', value: site.id }], orderBy: ['id'], after, limit: PAGE });
    if (rows.length === 0) break;
    const users = new Map((await store.getUsers({ ids: rows.map((c) => String(c.author_id)) })).map((u) => [u.id, u]));
    let chunk = '';
    for (const c of rows) {
      const u = users.get(String(c.author_id));
      const status = String(c.status);
      chunk +=
        `  <post dsq:id="${xmlAttr(String(c.id))}">\n    <id/>\n` +
        `    <message>${cdata(String(c.body_html ?? ''))}</message>\n` +
        `    <createdAt>${disqusTime(String(c.created_at))}</createdAt>\n` +
        `    <isDeleted>${bool(status === 'deleted' || status === 'rejected')}</isDeleted>\n` +
        `    <isSpam>${bool(status === 'spam')}</isSpam>\n` +
        (status === 'pending' ? '    <isApproved>false</isApproved>\n' : '') +
        '    <author>\n' +
        (u?.email ? `      <email>${xmlText(u.email)}</email>\n` : '') +
        `      <name>${xmlText(u?.displayName ?? 'Anonymous')}</name>\n` +
        `      <isAnonymous>${bool(!u)}</isAnonymous>\n` +
        (u ? `      <username>${xmlText(u.username)}</username>\n` : '') +
        '    </author>\n' +
        `    <thread dsq:id="${xmlAttr(String(c.article_id))}"/>\n` +
        (typeof c.parent_id === 'string' ? `    <parent dsq:id="${xmlAttr(c.parent_id)}"/>\n` : '') +
        (Number(c.like_count) > 0 ? `    <likes>${Number(c.like_count)}</likes>\n` : '') +
        (Number(c.dislike_count) > 0 ? `    <dislikes>${Number(c.dislike_count)}</dislikes>\n` : '') +
        '  </post>\n';
    }
    await out.write(chunk);
    posts += rows.length;
    opts.progress.update(posts);
    after = [rows[rows.length - 1]!.id];
    if (rows.length < PAGE) break;
  }
  opts.progress.finish();
  await out.write('</disqus>\n');
  return { threads, posts };
}
