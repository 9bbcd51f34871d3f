// The CMS API: a newsroom's CMS creates, updates and unpublishes articles by its own id, uploads
// images, and renders previews. In the OpenAPI document under the "publishing" tag.
//
// Auth: signed in as staff, moderator or admin of the site (bearer token, or cookie + CSRF);
// writes are limited per IP like the other writes. Image uploads are raw bytes (image/jpeg,
// image/png, image/webp, image/avif) up to the image size limit, accepted on that route only.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { ArticleInputSchema } from '../../services/articles/input.js';
import { describeFigureProblem, renderBody } from '../../services/articles/render.js';
import { assertMayPublish, saveArticle, stateOf } from '../../services/articles/saveArticle.js';
import { unpublishArticle } from '../../services/articles/unpublishArticle.js';
import { IMAGE_LIMITS, ingestImage } from '../../services/images/ingestImage.js';
import { responsiveSources } from '../../services/images/naming.js';
import type { EditorArticle, ImageRecord } from '../../store/store.js';
import { presentArticle } from '../presenters.js';
import { RouteTable } from '../route-kit.js';
import * as S from '../schemas.js';
import type { HttpDeps } from '../server.js';

const problem = (description: string) => ({ description, schema: S.Problem, contentType: 'application/problem+json' });
const ERRORS = {
  400: problem('Invalid input, with field errors'),
  401: problem('Not signed in'),
  403: problem('Not staff of this site (or CSRF failed)'),
  404: problem('No article with that external id'),
  409: problem('The slug is taken by another article'),
  422: problem('Not ready to publish: each reason in errors[]'),
  429: problem('Rate limited'),
};

const ExternalIdParams = z.object({ externalId: z.string().min(1).max(200) });
const State = z.enum(['draft', 'scheduled', 'published']);

export const CmsArticle = S.Article.extend({
  externalId: z.string().nullable(),
  state: State,
  scheduledFor: z.string().nullable().meta({ description: 'When a scheduled article goes live' }),
  markdown: z.string().meta({ description: 'The Markdown source of the body' }),
}).meta({ id: 'CmsArticle' });

const UpsertResult = z.object({ outcome: z.enum(['created', 'updated', 'unchanged']), article: CmsArticle });
const ArticleEnvelope = z.object({ article: CmsArticle });

export const UploadedImage = z
  .object({
    src: z.string().meta({ description: 'Use as leadImage.src or in a ::: figure block' }),
    width: z.number().int(),
    height: z.number().int(),
    srcset: z.object({ avif: z.string(), webp: z.string(), fallback: z.string() }),
  })
  .meta({ id: 'UploadedImage' });

export const PreviewInput = z.object({ body: z.string().max(500_000) });
export const PreviewResult = z.object({
  html: z.string().meta({ description: 'The body as the article page will show it' }),
  problems: z.array(z.object({ line: z.number().int(), message: z.string() })).meta({ description: 'Figures that would not show, and why' }),
});

export function presentCmsArticle(a: EditorArticle, now: Date): z.infer<typeof CmsArticle> {
  return { ...presentArticle(a, now), externalId: a.externalId, state: stateOf(a), scheduledFor: a.scheduledFor, markdown: a.bodyMarkdown };
}

export function presentImage(image: ImageRecord): z.infer<typeof UploadedImage> {
  const sources = responsiveSources(image.src);
  return { src: image.src, width: image.width, height: image.height, srcset: sources ?? { avif: '', webp: '', fallback: '' } };
}

export async function previewBody(deps: HttpDeps, siteId: string, body: string): Promise<z.infer<typeof PreviewResult>> {
  const rendered = await renderBody(deps.store, siteId, body);
  return { html: rendered.html, problems: rendered.problems.map((p) => ({ line: p.line, message: describeFigureProblem(p) })) };
}

export function registerCmsApi(app: FastifyInstance, deps: HttpDeps, routes: RouteTable, imageDir: string): void {
  const perIp = async (req: FastifyRequest) => deps.limits.consume('writeIp', req.ip);
  const staff = async (req: FastifyRequest) => {
    if (!req.parley.user) throw new AppError('unauthenticated');
    assertMayPublish(req.parley.actor);
  };

  routes.add({
    method: 'PUT',
    url: '/api/v1/cms/articles/:externalId',
    operationId: 'upsertArticle',
    summary: 'Create or update the article with this external id; saving the same input again changes nothing',
    tags: ['publishing'],
    auth: 'required',
    params: ExternalIdParams,
    body: ArticleInputSchema.omit({ externalId: true }),
    before: [perIp, staff],
    responses: { 200: { description: 'Updated or unchanged', schema: UpsertResult }, 201: { description: 'Created', schema: UpsertResult }, ...ERRORS },
    handler: async ({ params, body, req, reply }) => {
      const saved = await saveArticle(deps, { site: req.parley.site, actor: req.parley.actor, input: { ...body, externalId: params.externalId } });
      if (saved.outcome === 'created') reply.code(201);
      return { outcome: saved.outcome, article: presentCmsArticle(saved.article, deps.clock()) };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/cms/articles/:externalId',
    operationId: 'getArticleByExternalId',
    summary: 'The article with this external id, in any state',
    tags: ['publishing'],
    auth: 'required',
    params: ExternalIdParams,
    before: [staff],
    responses: { 200: { description: 'The article', schema: ArticleEnvelope }, ...ERRORS },
    handler: async ({ params, req }) => {
      const found = await deps.store.getArticleByExternalId({ siteId: req.parley.site.id, externalId: params.externalId });
      const article = found && (await deps.store.getEditorArticle({ siteId: req.parley.site.id, id: found.id }));
      if (!article) throw new AppError('article_not_found');
      return { article: presentCmsArticle(article, deps.clock()) };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/cms/articles/:externalId/unpublish',
    operationId: 'unpublishArticle',
    summary: 'Take the article off the site (or cancel its schedule); it stays as a draft',
    tags: ['publishing'],
    auth: 'required',
    params: ExternalIdParams,
    body: z.object({}).optional(),
    before: [perIp, staff],
    responses: { 200: { description: 'The article, now a draft', schema: ArticleEnvelope }, ...ERRORS },
    handler: async ({ params, req }) => {
      const { article } = await unpublishArticle(deps, { site: req.parley.site, actor: req.parley.actor, ref: { externalId: params.externalId } });
      return { article: presentCmsArticle(article, deps.clock()) };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/cms/preview',
    operationId: 'previewArticle',
    summary: 'Render an article body as the page would show it (the editor’s live preview)',
    tags: ['publishing'],
    auth: 'required',
    body: PreviewInput,
    before: [perIp, staff],
    responses: { 200: { description: 'The rendered body', schema: PreviewResult }, ...ERRORS },
    handler: async ({ body, req }) => previewBody(deps, req.parley.site.id, body.body),
  });

  // Raw image bytes are accepted on this one route (a scope of its own), up to the image limit.
  app.register(async (scope) => {
    scope.addContentTypeParser(['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: IMAGE_LIMITS.maxBytes + 1 }, (_req, body, done) =>
      done(null, body),
    );
    const table = new RouteTable(scope);
    table.add({
      method: 'POST',
      url: '/api/v1/cms/images',
      operationId: 'uploadImage',
      summary: 'Upload an image (the raw bytes: JPEG, PNG, WebP or AVIF); the same bytes twice give the same image',
      tags: ['publishing'],
      auth: 'required',
      query: z.object({ name: z.string().max(255).optional().meta({ description: 'The original file name, kept for the record' }) }),
      before: [perIp, staff],
      responses: { 201: { description: 'Stored, with its sizes', schema: z.object({ image: UploadedImage }) }, 413: problem('Over the size limit'), ...ERRORS },
      handler: async ({ query, req, reply }) => {
        if (!Buffer.isBuffer(req.body)) {
          throw new AppError('unsupported_media_type', { detail: 'Send the image bytes with Content-Type image/jpeg, image/png, image/webp or image/avif.' });
        }
        const image = await ingestImage({ ...deps, imageDir }, { siteId: req.parley.site.id, bytes: req.body, originalName: query.name ?? null, createdBy: req.parley.user!.id });
        reply.code(201);
        return { image: presentImage(image) };
      },
    });
    routes.specs.push(...table.specs);
  });
}
