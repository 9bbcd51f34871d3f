// Threads → articles. A thread lands on the article an earlier run of this source put it on;
// else on an article whose external id is the thread's page identifier; else on one whose
// external URL is the thread's URL (after --map-url rules, with or without a final slash); else
// on the site's own article at that URL (PUBLIC_URL/articles/slug). Otherwise an article is
// created for it: published, holding only the discussion, with the page's URL as its external
// URL, closed when the thread was closed. A Parley export restores its articles as they were.
import { columnsOf, onlyColumns, type ApplyContext } from './context.js';
import type { StagedThread } from './scratch.js';
import { mapUrl, urlVariants } from './url-map.js';

export interface ThreadTarget {
  articleId: string;
  /** Set when the article was created by this run (or would be, in a dry run). */
  created: boolean;
}

function ownSlug(url: string, publicUrl: string | null): string | null {
  if (!publicUrl) return null;
  const base = publicUrl.replace(/\/+$/, '');
  if (!url.startsWith(`${base}/articles/`)) return null;
  const rest = url.slice(base.length + '/articles/'.length).split(/[/?#]/)[0] ?? '';
  try {
    return rest ? decodeURIComponent(rest) : null;
  } catch {
    return null;
  }
}

/** A slug from the page's URL (its last path segment) or title. */
export function slugFor(url: string | null, title: string | null): string {
  const fromUrl = (() => {
    if (!url) return '';
    let path = url;
    try {
      const u = new URL(url, 'http://placeholder.invalid');
      path = u.pathname + (u.search && !/[a-z]/i.test(u.pathname.replace(/\//g, '')) ? u.search : '');
    } catch {
      // keep the raw text
    }
    const segments = path.split(/[/?&=]/).filter((s) => s && !/^index\.\w+$/i.test(s));
    return (segments[segments.length - 1] ?? '').replace(/\.(?:html?|php|aspx?)$/i, '');
  })();
  // A bare number (WordPress ?p=41, /2019/) says nothing: the title does better.
  for (const candidate of [/^\d*$/.test(fromUrl) ? '' : fromUrl, title ?? '', fromUrl]) {
    const slug = candidate
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80)
      .replace(/-+$/, '');
    if (slug.length >= 2) return slug;
  }
  return 'discussion';
}

/** Finds or creates the article of each thread. Writes go through `tx` (none in a dry run). */
export async function resolveThreads(ctx: ApplyContext, threads: readonly StagedThread[], firstComment: ReadonlyMap<string, string>, planned: Map<string, string>): Promise<Map<string, ThreadTarget>> {
  const { store, site, source, report } = ctx;
  const out = new Map<string, ThreadTarget>();
  const keys = await store.imports.getKeys({ siteId: site.id, source, kind: 'thread', sourceIds: threads.map((t) => t.key) });
  const urls = new Map<string, string | null>(threads.map((t) => [t.key, mapUrl(t.url, ctx.urlRules)]));
  const rowIds = threads.map((t) => (typeof t.row?.id === 'string' ? t.row.id : null)).filter((x): x is string => x !== null);
  const rowSlugs = threads.map((t) => (typeof t.row?.slug === 'string' ? t.row.slug : null)).filter((x): x is string => x !== null);
  const found = await store.imports.findArticles({
    siteId: site.id,
    ids: [...[...keys.values()].map((k) => k.targetId), ...rowIds],
    externalIds: threads.map((t) => t.identifier).filter((x): x is string => !!x),
    externalUrls: [...urls.values()].flatMap((u) => (u ? urlVariants(u) : [])),
    slugs: [...rowSlugs, ...[...urls.values()].map((u) => (u ? ownSlug(u, site.publicUrl) : null)).filter((x): x is string => x !== null)],
  });
  const byId = new Map(found.map((a) => [a.id, a]));
  const pick = (f: (a: (typeof found)[number]) => boolean) => found.find(f);

  const articleCols = await columnsOf(ctx, 'articles');
  for (const t of threads) {
    const url = urls.get(t.key) ?? null;
    const keyed = keys.get(t.key);
    let match =
      (keyed && byId.get(keyed.targetId)) ||
      (typeof t.row?.id === 'string' ? byId.get(t.row.id) : undefined) ||
      (typeof t.row?.slug === 'string' ? pick((a) => a.slug === t.row!.slug) : undefined) ||
      (t.identifier ? pick((a) => a.externalId === t.identifier) : undefined) ||
      (url ? pick((a) => a.externalUrl !== null && urlVariants(url).includes(a.externalUrl)) : undefined);
    if (!match && url) {
      const slug = ownSlug(url, site.publicUrl);
      if (slug) match = pick((a) => a.slug === slug);
    }
    // Another thread of this run may have created the article for the same page.
    const plannedId = !match && url ? planned.get(`url:${url}`) : undefined;
    if (match || plannedId) {
      const articleId = match ? match.id : plannedId!;
      out.set(t.key, { articleId, created: false });
      report.threads.matched++;
      if (match && t.closed && match.commentsMode === 'open') {
        report.threads.closed++;
        if (!ctx.dryRun) await store.imports.setCommentsMode({ siteId: site.id, articleId, mode: 'closed' });
        match.commentsMode = 'closed';
      }
      if (!keyed && !ctx.dryRun) await store.imports.insertKeys([{ siteId: site.id, source, kind: 'thread', sourceId: t.key, targetId: articleId, importId: ctx.importId, createdAt: ctx.now.toISOString() }]);
      continue;
    }

    const createdAt = t.createdAt ?? firstComment.get(t.key) ?? ctx.now.toISOString();
    let row: Record<string, unknown>;
    if (t.row) {
      row = onlyColumns({ ...t.row, site_id: site.id, comment_count: 0 }, articleCols);
    } else {
      row = {
        id: ctx.newId(Date.parse(createdAt)),
        site_id: site.id,
        external_id: t.identifier,
        external_url: url,
        title: (t.title ?? url ?? 'Imported discussion').slice(0, 300),
        dek: '',
        body_md: '',
        body_html: '',
        lead_image: null,
        authors: '[]',
        tags: '[]',
        section: null,
        status: 'published',
        published_at: createdAt,
        updated_at: ctx.now.toISOString(),
        comments_mode: t.closed ? 'closed' : 'open',
        close_at: null,
        comment_count: 0,
        created_at: createdAt,
      };
    }
    const wanted = typeof row.slug === 'string' && row.slug ? row.slug : slugFor(url, t.title);
    row.slug = await freeSlug(ctx, wanted, planned);
    planned.set(`slug:${row.slug}`, String(row.id));
    if (url) planned.set(`url:${url}`, String(row.id));
    if (t.closed && row.comments_mode === 'open') row.comments_mode = 'closed';
    if (row.comments_mode === 'closed' && !t.row) report.threads.closed++;
    out.set(t.key, { articleId: String(row.id), created: true });
    report.threads.created++;
    if (!ctx.dryRun) {
      await store.imports.insertArticle(row);
      await store.imports.insertKeys([{ siteId: site.id, source, kind: 'thread', sourceId: t.key, targetId: String(row.id), importId: ctx.importId, createdAt: ctx.now.toISOString() }]);
    }
  }
  return out;
}

async function freeSlug(ctx: ApplyContext, wanted: string, planned: ReadonlyMap<string, string>): Promise<string> {
  const candidates = [wanted, ...Array.from({ length: 20 }, (_, i) => `${wanted}-${i + 2}`)];
  const taken = await ctx.store.imports.takenSlugs({ siteId: ctx.site.id, slugs: candidates });
  const free = candidates.find((s) => !taken.has(s) && !planned.has(`slug:${s}`));
  return free ?? `${wanted}-${ctx.newId(ctx.now.getTime()).slice(-8).toLowerCase()}`;
}
