// Creates or updates an article from its input — the one write behind the publish command, the
// editor and the CMS API. An article is found by the id the editor names, else by external id,
// else by slug; saving the same input twice changes nothing ("unchanged"). Publishing needs a
// title, a body, alt text for the lead image and for every figure; a publication time in the
// future schedules the article instead.
import { createHash } from 'node:crypto';
import { ARTICLE_RENDERER_VERSION } from '../../domain/article-markdown.js';
import { AppError, type FieldError } from '../../domain/errors.js';
import { hasRole } from '../../domain/policies/roles.js';
import type { Actor, Article, Image, Site } from '../../domain/types.js';
import type { ParleyEvent } from '../../realtime/bus.js';
import type { EditorArticle, EditorStatus, Store } from '../../store/store.js';
import type { ServiceDeps } from '../deps.js';
import { parseUploadedImageUrl } from '../images/naming.js';
import { normalizeInput, slugify, type ArticleInput, type NormalizedArticleInput } from './input.js';
import { describeFigureProblem, renderBody } from './render.js';

export type SaveOutcome = 'created' | 'updated' | 'unchanged';

export interface SaveResult {
  outcome: SaveOutcome;
  article: EditorArticle;
  /** Where the article stands after the save. */
  state: EditorStatus;
}

export interface SaveArticleRequest {
  site: Site;
  /** Who saves; null for the command line, which acts for the operator. */
  actor: Actor | null;
  input: ArticleInput;
  /** The article being edited (the editor names it); otherwise found by external id or slug. */
  articleId?: string;
}

const DAY_MS = 86_400_000;

export function assertMayPublish(actor: Actor | null): void {
  if (actor === null) return;
  if (!actor.user) throw new AppError('unauthenticated');
  if (!hasRole(actor, 'staff')) throw new AppError('forbidden', { detail: 'Only staff, moderators and admins of this site publish articles.' });
}

export function stateOf(article: Pick<EditorArticle, 'status' | 'scheduledFor'>): EditorStatus {
  if (article.status === 'published') return 'published';
  return article.scheduledFor ? 'scheduled' : 'draft';
}

/** The fingerprint of an input: what `unchanged` compares. */
export function fingerprint(input: NormalizedArticleInput): string {
  return createHash('sha256').update(JSON.stringify({ v: ARTICLE_RENDERER_VERSION, input })).digest('hex');
}

async function findTarget(store: Store, siteId: string, req: SaveArticleRequest, n: NormalizedArticleInput): Promise<EditorArticle | undefined> {
  if (req.articleId) {
    const found = await store.getEditorArticle({ siteId, id: req.articleId });
    if (!found) throw new AppError('article_not_found');
    return found;
  }
  const byExternal = n.externalId ? await store.getArticleByExternalId({ siteId, externalId: n.externalId }) : undefined;
  const bySlug = !byExternal && n.slug ? await store.getArticleBySlug({ siteId, slug: n.slug }) : undefined;
  const hit = byExternal ?? bySlug;
  const found = hit && (await store.getEditorArticle({ siteId, id: hit.id }));
  // The slug belongs to an article another system knows by another id: a different article.
  if (found && !byExternal && n.externalId && found.externalId && found.externalId !== n.externalId) {
    const message = `“${found.title}” already uses the slug "${n.slug}" (its external id is "${found.externalId}").`;
    throw new AppError('slug_taken', { detail: message, fields: [{ field: 'slug', code: 'slug_taken', message }] });
  }
  return found;
}

async function resolveLeadImage(store: Store, siteId: string, n: NormalizedArticleInput, existing: Article | undefined, fields: FieldError[]): Promise<Image | null> {
  const lead = n.leadImage;
  if (!lead) return null;
  const ref = parseUploadedImageUrl(lead.src);
  if (ref) {
    const [image] = await store.getImagesByHashes({ siteId, hashes: [ref.hash] });
    if (image) return { src: image.src, alt: lead.alt, caption: lead.caption, credit: lead.credit, width: image.width, height: image.height };
    fields.push({ field: 'leadImage.src', code: 'unknown_image', message: 'No uploaded image has that address; upload the image first.' });
    return null;
  }
  if (lead.width && lead.height) return { src: lead.src, alt: lead.alt, caption: lead.caption, credit: lead.credit, width: lead.width, height: lead.height };
  if (existing?.leadImage && existing.leadImage.src === lead.src) {
    return { ...existing.leadImage, alt: lead.alt, caption: lead.caption, credit: lead.credit };
  }
  const safe = /^https:\/\//i.test(lead.src) || /^\/media\/[A-Za-z0-9._/-]+$/.test(lead.src);
  fields.push({
    field: 'leadImage.src',
    code: 'unknown_image',
    message: safe ? 'Give the width and height of an image that was not uploaded here.' : 'Upload the image, or give an https:// address with its width and height.',
  });
  return null;
}

function desiredState(n: NormalizedArticleInput, now: Date): EditorStatus {
  if (n.status === 'draft') return 'draft';
  return n.publishedAt && Date.parse(n.publishedAt) > now.getTime() ? 'scheduled' : 'published';
}

type ArticleEventType = Extract<ParleyEvent['type'], `article.${string}`>;

function eventFor(before: EditorStatus | null, after: EditorStatus): ArticleEventType | null {
  if (after === 'published') return before === 'published' ? 'article.updated' : 'article.published';
  return before === 'published' ? 'article.unpublished' : null;
}

export async function saveArticle(deps: ServiceDeps, req: SaveArticleRequest): Promise<SaveResult> {
  assertMayPublish(req.actor);
  const { site } = req;
  const now = deps.clock();
  const nowIso = now.toISOString();
  const n = normalizeInput(req.input);
  if (!n.slug) n.slug = slugify(n.title) || `article-${deps.newId().slice(-8).toLowerCase()}`;
  const hash = fingerprint(n);
  const want = desiredState(n, now);

  const result = await deps.store.transaction(async (store): Promise<SaveResult & { event: ArticleEventType | null }> => {
    const existing = await findTarget(store, site.id, req, n);
    const before = existing ? stateOf(existing) : null;
    if (existing && existing.sourceHash === hash && before === want) return { outcome: 'unchanged', article: existing, state: want, event: null };

    const fields: FieldError[] = [];
    const clash = await store.getArticleBySlug({ siteId: site.id, slug: n.slug });
    if (clash && clash.id !== existing?.id) fields.push({ field: 'slug', code: 'slug_taken', message: `“${clash.title}” already uses the slug "${n.slug}".` });
    if (n.externalId && existing && n.externalId !== existing.externalId) {
      const other = await store.getArticleByExternalId({ siteId: site.id, externalId: n.externalId });
      if (other && other.id !== existing.id) fields.push({ field: 'externalId', code: 'external_id_taken', message: `“${other.title}” already has this external id.` });
    }
    if (fields.length) throw new AppError('slug_taken', { detail: fields.map((f) => f.message).join(' '), fields });

    const leadImage = await resolveLeadImage(store, site.id, n, existing, fields);
    const body = await renderBody(store, site.id, n.body);
    if (want !== 'draft') {
      if (!n.body.trim()) fields.push({ field: 'body', code: 'required', message: 'Write the article before publishing it.' });
      if (n.leadImage && !n.leadImage.alt) {
        fields.push({ field: 'leadImage.alt', code: 'required', message: 'Describe the lead image for readers who cannot see it (alt text).' });
      }
      for (const problem of body.problems) fields.push({ field: 'body', code: `figure_${problem.problem}`, message: `Figure on ${describeFigureProblem(problem)}.` });
    }
    if (fields.length) {
      // An unknown image is wrong input whatever the state; the rest only blocks going live.
      const code = fields.some((f) => f.code === 'unknown_image') ? 'validation_failed' : 'not_publishable';
      throw new AppError(code, { detail: fields.map((f) => f.message).join(' '), fields });
    }

    // When it goes (or went) live: the time given, else the time it first went live, else now.
    const earlier = existing?.publishedAt && existing.publishedAt <= nowIso ? existing.publishedAt : null;
    const liveAt = want === 'scheduled' ? n.publishedAt! : want === 'published' ? (n.publishedAt ?? earlier ?? nowIso) : (n.publishedAt ?? existing?.publishedAt ?? null);
    const publishedAt = want === 'scheduled' ? null : liveAt;
    let updatedAt = n.updatedAt ?? (existing ? nowIso : (liveAt ?? nowIso));
    if (publishedAt && updatedAt < publishedAt) updatedAt = publishedAt;
    const closeAt = n.closeAfterDays && liveAt ? new Date(Date.parse(liveAt) + n.closeAfterDays * DAY_MS).toISOString() : null;
    const fields_ = {
      slug: n.slug,
      title: n.title,
      dek: n.dek,
      bodyMarkdown: n.body,
      bodyHtml: body.html,
      leadImage,
      authors: n.authors,
      tags: n.tags,
      section: n.section,
      status: want === 'published' ? ('published' as const) : ('draft' as const),
      publishedAt,
      updatedAt,
      commentsMode: n.comments,
      closeAt,
    };
    let id: string;
    if (existing) {
      id = existing.id;
      await store.updateArticle({
        siteId: site.id,
        id,
        set: { ...fields_, externalId: n.externalId ?? existing.externalId, scheduledFor: want === 'scheduled' ? liveAt : null, sourceHash: hash },
      });
    } else {
      id = deps.newId();
      await store.createArticle({ id, siteId: site.id, externalId: n.externalId, createdAt: nowIso, ...fields_ });
      await store.updateArticle({ siteId: site.id, id, set: { scheduledFor: want === 'scheduled' ? liveAt : null, sourceHash: hash } });
    }
    const article = (await store.getEditorArticle({ siteId: site.id, id }))!;
    return { outcome: existing ? 'updated' : 'created', article, state: want, event: eventFor(before, want) };
  });

  if (result.event) deps.events.publish({ type: result.event, siteId: site.id, articleId: result.article.id });
  return { outcome: result.outcome, article: result.article, state: result.state };
}
