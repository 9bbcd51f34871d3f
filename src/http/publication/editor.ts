// The editor area at /editor: staff, moderators and admins list, write, preview, schedule,
// publish and unpublish articles, upload lead images, and keep authors' bios. Plain form posts
// (multipart, for the image) checked for CSRF by the server like every form; each answers with a
// redirect, or the form again with every problem next to its field.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, isAppError, type FieldError } from '../../domain/errors.js';
import { hasRole } from '../../domain/policies/roles.js';
import { saveAuthor } from '../../services/articles/authors.js';
import type { ArticleInputRaw } from '../../services/articles/input.js';
import { ArticleInputSchema } from '../../services/articles/input.js';
import { saveArticle, stateOf } from '../../services/articles/saveArticle.js';
import { cleanName, termKey } from '../../services/articles/terms.js';
import { IMAGE_LIMITS, ingestImage } from '../../services/images/ingestImage.js';
import type { EditorArticle, EditorStatus } from '../../store/store.js';
import { basePageContext } from '../page-context.js';
import { html } from '../pages.js';
import { validationError } from '../problem.js';
import type { HttpDeps } from '../server.js';
import { articlePath } from '../views/urls.js';
import { renderArticleFormPage, renderAuthorsPage, renderEditorListPage, type ArticleFormValues } from '../views/pages/publication/editor.js';
import { EDITOR_PATH, editorArticlePath, editorAuthorsPath } from '../views/pages/publication/paths.js';
import { previewBody } from './api.js';
import { EDITOR_SCRIPT, EDITOR_SCRIPT_PATH } from './editor-script.js';
import { acceptMultipart, isUploadedFile, type FormFields } from './multipart.js';

const LIST_PAGE = 50;
const Intent = z.enum(['save', 'publish', 'schedule', 'unpublish', 'preview']).catch('save');
const DONE: Record<string, string> = {
  draft: 'Saved as a draft.',
  scheduled: 'Scheduled.',
  published: 'Published.',
  updated: 'Updated.',
  unpublished: 'Unpublished: the article is a draft again.',
  unchanged: 'Nothing had changed.',
};

/** Staff and above; others are sent to sign in, or refused. */
function requireStaff(req: FastifyRequest, reply: FastifyReply): boolean {
  if (!req.parley.user) {
    void reply.redirect(`/signin?returnTo=${encodeURIComponent(req.url)}`, 303);
    return false;
  }
  if (!hasRole(req.parley.actor, 'staff')) throw new AppError('forbidden', { detail: 'The editor is for the staff, moderators and admins of this site.' });
  return true;
}

const EMPTY: ArticleFormValues = {
  title: '',
  dek: '',
  slug: '',
  externalId: '',
  authors: '',
  tags: '',
  section: '',
  body: '',
  leadImageSrc: '',
  leadImageAlt: '',
  leadImageCaption: '',
  leadImageCredit: '',
  publishAt: '',
  comments: 'open',
  closeAfterDays: '',
};

/** An ISO instant as a datetime-local value (UTC), and back. */
const toLocal = (iso: string | null) => (iso ? iso.slice(0, 16) : '');
function fromLocal(value: string): string | null {
  const v = value.trim();
  if (!v) return null;
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? `${v}:00Z` : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(v) ? `${v}Z` : v;
}

function valuesFromArticle(a: EditorArticle): ArticleFormValues {
  const days = a.closeAt && a.publishedAt ? Math.round((Date.parse(a.closeAt) - Date.parse(a.publishedAt)) / 86_400_000) : null;
  return {
    title: a.title,
    dek: a.dek,
    slug: a.slug,
    externalId: a.externalId ?? '',
    authors: a.authors.join(', '),
    tags: a.tags.join(', '),
    section: a.section ?? '',
    body: a.bodyMarkdown,
    leadImageSrc: a.leadImage?.src ?? '',
    leadImageAlt: a.leadImage?.alt ?? '',
    leadImageCaption: a.leadImage?.caption ?? '',
    leadImageCredit: a.leadImage?.credit ?? '',
    publishAt: toLocal(a.scheduledFor ?? a.publishedAt),
    comments: a.commentsMode,
    closeAfterDays: days && days > 0 ? String(days) : '',
  };
}

function valuesFromForm(f: FormFields): ArticleFormValues {
  const text = (k: keyof ArticleFormValues) => {
    const v = f[k];
    return typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : '';
  };
  const values = Object.fromEntries(Object.keys(EMPTY).map((k) => [k, text(k as keyof ArticleFormValues)])) as unknown as ArticleFormValues;
  if (!values.comments) values.comments = 'open';
  return values;
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Form field of each input path, for errors. */
function formField(path: string): string {
  const map: Record<string, string> = {
    'leadImage.alt': 'leadImageAlt',
    'leadImage.src': 'leadImageFile',
    'leadImage.caption': 'leadImageCaption',
    'leadImage.credit': 'leadImageCredit',
    leadImage: 'leadImageFile',
    image: 'leadImageFile',
    publishedAt: 'publishAt',
  };
  const head = path.split('.')[0] ?? '';
  return map[path] ?? map[head] ?? (['title', 'dek', 'slug', 'authors', 'tags', 'section', 'body', 'comments', 'closeAfterDays', 'externalId'].includes(head) ? head : 'form');
}

function errorsFrom(fields: FieldError[] | undefined, fallback: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields ?? []) {
    const key = formField(f.field);
    out[key] = out[key] ? `${out[key]} ${f.message}` : f.message;
  }
  if (Object.keys(out).length === 0) out.form = fallback;
  return out;
}

export function registerEditor(app: FastifyInstance, deps: HttpDeps, imageDir: string): void {
  const imageDeps = { ...deps, imageDir };

  app.get(EDITOR_SCRIPT_PATH, async (_req, reply) =>
    reply.header('cache-control', 'public, max-age=31536000, immutable').type('text/javascript; charset=utf-8').send(EDITOR_SCRIPT),
  );

  async function sectionNames(siteId: string): Promise<string[]> {
    return (await deps.store.listTerms({ siteId, kind: 'section', limit: 100 })).map((t) => t.name);
  }

  async function formPage(
    req: FastifyRequest,
    reply: FastifyReply,
    p: { article: EditorArticle | null; values: ArticleFormValues; errors?: Record<string, string>; status?: number; notice?: string | null },
  ): Promise<FastifyReply> {
    const site = req.parley.site;
    const preview = await previewBody(deps, site.id, p.values.body);
    const state: EditorStatus | null = p.article ? stateOf(p.article) : null;
    const ctx = basePageContext(deps, req, p.notice ? { notice: { kind: 'info', text: p.notice } } : {});
    return html(
      reply,
      renderArticleFormPage(ctx, {
        articleId: p.article?.id ?? null,
        state,
        publishedAt: p.article?.publishedAt ?? null,
        scheduledFor: p.article?.scheduledFor ?? null,
        liveUrl: state === 'published' && p.article ? articlePath(p.article.slug) : null,
        values: p.values,
        errors: p.errors ?? {},
        previewHtml: preview.html,
        previewProblems: preview.problems.map((x) => `Figure on ${x.message}.`),
        sections: await sectionNames(site.id),
        script: EDITOR_SCRIPT_PATH,
      }),
      p.status ?? 200,
    );
  }

  // ---- List ------------------------------------------------------------------------------------
  app.get(EDITOR_PATH, async (req, reply) => {
    if (!requireStaff(req, reply)) return reply;
    const q = z.object({ status: z.enum(['draft', 'scheduled', 'published']).optional().catch(undefined), before: z.string().max(200).optional() }).passthrough().safeParse(req.query);
    if (!q.success) throw validationError('query', q.error);
    let before: { updatedAt: string; id: string } | undefined;
    if (q.data.before) {
      const [updatedAt, id] = Buffer.from(q.data.before, 'base64url').toString('utf8').split('|');
      if (!updatedAt || !id) throw new AppError('bad_cursor');
      before = { updatedAt, id };
    }
    const rows = await deps.store.listEditorArticles({ siteId: req.parley.site.id, limit: LIST_PAGE + 1, ...(q.data.status ? { status: q.data.status } : {}), ...(before ? { before } : {}) });
    const shown = rows.slice(0, LIST_PAGE);
    const last = shown.at(-1);
    return html(
      reply,
      renderEditorListPage(basePageContext(deps, req), {
        filter: q.data.status ?? '',
        nextCursor: rows.length > LIST_PAGE && last ? Buffer.from(`${last.updatedAt}|${last.id}`).toString('base64url') : null,
        items: shown.map((a) => ({
          id: a.id,
          slug: a.slug,
          title: a.title,
          state: stateOf(a),
          publishedAt: a.publishedAt,
          scheduledFor: a.scheduledFor,
          updatedAt: a.updatedAt,
          commentCount: a.commentCount,
        })),
      }),
    );
  });

  // ---- Authors' bios ------------------------------------------------------------------------
  async function authorsPage(req: FastifyRequest, reply: FastifyReply, p: { errors?: Record<string, string>; saved?: string | null; status?: number }) {
    const siteId = req.parley.site.id;
    const [terms, records] = await Promise.all([deps.store.listTerms({ siteId, kind: 'author', limit: 1000 }), deps.store.listAuthors({ siteId })]);
    const byKey = new Map(records.map((r) => [r.key, { key: r.key, name: r.name, bio: r.bio, articles: 0 }]));
    for (const t of terms) byKey.set(t.key, { key: t.key, name: byKey.get(t.key)?.name ?? t.name, bio: byKey.get(t.key)?.bio ?? '', articles: t.count });
    const authors = [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name));
    return html(reply, renderAuthorsPage(basePageContext(deps, req), { authors, errors: p.errors ?? {}, saved: p.saved ?? null }), p.status ?? 200);
  }

  app.get(editorAuthorsPath, async (req, reply) => {
    if (!requireStaff(req, reply)) return reply;
    const saved = (req.query as Record<string, unknown>).saved;
    return authorsPage(req, reply, { saved: typeof saved === 'string' ? saved.slice(0, 120) : null });
  });

  app.post(editorAuthorsPath, async (req, reply) => {
    if (!requireStaff(req, reply)) return reply;
    const form = z.object({ name: z.string().max(200).default(''), bio: z.string().max(10_000).default('') }).passthrough().safeParse(req.body ?? {});
    if (!form.success) throw validationError('body', form.error);
    await deps.limits.consume('writeIp', req.ip);
    try {
      const { author } = await saveAuthor(deps, { site: req.parley.site, actor: req.parley.actor, name: form.data.name, bio: form.data.bio });
      return reply.redirect(`${editorAuthorsPath}?saved=${encodeURIComponent(author.name)}#bio-${encodeURIComponent(author.key)}`, 303);
    } catch (err) {
      if (!isAppError(err) || err.status >= 500) throw err;
      const key = termKey(cleanName(form.data.name));
      return authorsPage(req, reply, { errors: { [key]: err.fields?.map((f) => f.message).join(' ') ?? err.message }, status: err.status });
    }
  });

  // ---- The article form ----------------------------------------------------------------------
  app.register(async (scope) => {
    acceptMultipart(scope, IMAGE_LIMITS.maxBytes + 256 * 1024);

    scope.get('/editor/articles/new', async (req, reply) => {
      if (!requireStaff(req, reply)) return reply;
      return formPage(req, reply, { article: null, values: EMPTY });
    });

    scope.get('/editor/articles/:id', async (req, reply) => {
      if (!requireStaff(req, reply)) return reply;
      const { id } = z.object({ id: z.string().min(1).max(64) }).parse(req.params);
      const article = await deps.store.getEditorArticle({ siteId: req.parley.site.id, id });
      if (!article) throw new AppError('article_not_found');
      const done = (req.query as Record<string, unknown>).done;
      return formPage(req, reply, { article, values: valuesFromArticle(article), notice: typeof done === 'string' ? (DONE[done] ?? null) : null });
    });

    const submit = async (req: FastifyRequest, reply: FastifyReply, articleId: string | null) => {
      if (!requireStaff(req, reply)) return reply;
      const site = req.parley.site;
      const fields = (req.body ?? {}) as FormFields;
      const intent = Intent.parse(typeof fields.intent === 'string' ? fields.intent : 'save');
      const article = articleId ? await deps.store.getEditorArticle({ siteId: site.id, id: articleId }) : null;
      if (articleId && !article) throw new AppError('article_not_found');
      const values = valuesFromForm(fields);
      if (intent === 'preview') return formPage(req, reply, { article: article ?? null, values });

      const errors: Record<string, string> = {};
      await deps.limits.consume('writeIp', req.ip);
      // A new image first: the rest of the form refers to it.
      const file = fields.leadImageFile;
      if (isUploadedFile(file)) {
        try {
          const image = await ingestImage(imageDeps, { siteId: site.id, bytes: file.data, originalName: file.filename, createdBy: req.parley.user!.id });
          values.leadImageSrc = image.src;
        } catch (err) {
          if (!isAppError(err)) throw err;
          errors.leadImageFile = err.detail ?? err.message;
        }
      } else if (fields.removeLeadImage === '1') {
        values.leadImageSrc = '';
      }

      const state = article ? stateOf(article) : 'draft';
      const now = deps.clock().getTime();
      const publishAt = fromLocal(values.publishAt);
      const future = publishAt !== null && Date.parse(publishAt) > now;
      let status: 'draft' | 'published';
      let publishedAt: string | null;
      if (intent === 'schedule') {
        if (!future) errors.publishAt = publishAt ? 'Choose a time in the future to schedule the article.' : 'Give the time to publish the article (UTC).';
        status = 'published';
        publishedAt = publishAt;
      } else if (intent === 'publish') {
        status = 'published';
        publishedAt = publishAt && !future ? publishAt : null;
      } else if (intent === 'unpublish') {
        status = 'draft';
        publishedAt = article?.publishedAt ?? null;
      } else if (state === 'scheduled') {
        if (!future) errors.publishAt = 'A scheduled article needs a time in the future; use Publish now to publish it now.';
        status = 'published';
        publishedAt = publishAt;
      } else if (state === 'published') {
        status = 'published';
        publishedAt = publishAt && !future ? publishAt : (article?.publishedAt ?? null);
      } else {
        status = 'draft';
        publishedAt = null;
      }

      const raw: ArticleInputRaw = {
        title: values.title,
        dek: values.dek,
        slug: values.slug.trim(),
        externalId: values.externalId.trim() || null,
        body: values.body,
        authors: list(values.authors),
        tags: list(values.tags),
        section: values.section.trim() || null,
        publishedAt,
        leadImage: values.leadImageSrc ? { src: values.leadImageSrc, alt: values.leadImageAlt, caption: values.leadImageCaption, credit: values.leadImageCredit } : null,
        comments: (['open', 'closed', 'premoderated'].includes(values.comments) ? values.comments : 'open') as 'open',
        closeAfterDays: values.closeAfterDays.trim() ? Number(values.closeAfterDays) : null,
        status,
      };
      const parsed = ArticleInputSchema.safeParse(raw);
      if (!parsed.success) Object.assign(errors, errorsFrom(validationError('body', parsed.error).fields, 'Some fields are not valid.'), errors);
      if (Object.keys(errors).length || !parsed.success) return formPage(req, reply, { article: article ?? null, values, errors, status: 400 });

      try {
        const saved = await saveArticle(deps, { site, actor: req.parley.actor, input: parsed.data, ...(article ? { articleId: article.id } : {}) });
        const done =
          saved.outcome === 'unchanged'
            ? 'unchanged'
            : intent === 'unpublish'
              ? 'unpublished'
              : saved.state === 'published' && state === 'published'
                ? 'updated'
                : saved.state;
        return reply.redirect(`${editorArticlePath(saved.article.id)}?done=${done}`, 303);
      } catch (err) {
        if (!isAppError(err) || err.status >= 500 || err.code === 'forbidden') throw err;
        return formPage(req, reply, { article: article ?? null, values, errors: errorsFrom(err.fields, err.detail ?? err.message), status: err.status });
      }
    };

    scope.post('/editor/articles', async (req, reply) => submit(req, reply, null));
    scope.post('/editor/articles/:id', async (req, reply) => {
      const { id } = z.object({ id: z.string().min(1).max(64) }).parse(req.params);
      return submit(req, reply, id);
    });
  });
}
