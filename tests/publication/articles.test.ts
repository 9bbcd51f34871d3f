// Publishing articles through the services, on SQLite and PostgreSQL: create, update, unchanged,
// the requirements to publish, scheduling, unpublishing, and the events that keep pages fresh.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParleyEvent } from '../../src/realtime/bus.js';
import type { ArticleInputRaw } from '../../src/services/articles/input.js';
import { ArticleInputSchema } from '../../src/services/articles/input.js';
import { publishDueArticles } from '../../src/services/articles/publishDueArticles.js';
import { saveArticle } from '../../src/services/articles/saveArticle.js';
import { unpublishArticle } from '../../src/services/articles/unpublishArticle.js';
import { saveAuthor } from '../../src/services/articles/authors.js';
import { isAppError, type AppError } from '../../src/domain/errors.js';
import { databaseKinds } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';

const kinds = await databaseKinds();

const input = (over: Partial<ArticleInputRaw> = {}) => ArticleInputSchema.parse({ title: 'Ferry timetable changes', body: 'The ferry runs hourly.', authors: ['Ana Ruiz'], ...over });

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (isAppError(err)) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe.each(kinds)('publishing articles on $kind', ({ create }) => {
  let t: TestApp;
  const events: ParleyEvent[] = [];
  const deps = () => t.parley.deps;
  const site = () => t.site;

  beforeAll(async () => {
    t = await startTestApp(await create());
    deps().events.subscribe((e) => void events.push(e));
  });
  afterAll(async () => t?.close());

  it('creates an article, makes its slug from the title, and renders its body', async () => {
    const r = await saveArticle(deps(), { site: site(), actor: null, input: input({ body: 'The **ferry** runs hourly.' }) });
    expect(r.outcome).toBe('created');
    expect(r.state).toBe('published');
    expect(r.article).toMatchObject({ slug: 'ferry-timetable-changes', status: 'published', publishedAt: t.clock.now.toISOString(), authors: ['Ana Ruiz'] });
    expect(r.article.bodyHtml).toBe('<p>The <strong>ferry</strong> runs hourly.</p>\n');
    expect(events.at(-1)).toEqual({ type: 'article.published', siteId: site().id, articleId: r.article.id });
  });

  it('answers "unchanged" for the same input, and updates by slug when it changes', async () => {
    const before = events.length;
    const again = await saveArticle(deps(), { site: site(), actor: null, input: input({ body: 'The **ferry** runs hourly.' }) });
    expect(again.outcome).toBe('unchanged');
    expect(events.length).toBe(before);
    t.clock.advance(60_000);
    const changed = await saveArticle(deps(), { site: site(), actor: null, input: input({ body: 'The ferry runs every half hour.' }) });
    expect(changed.outcome).toBe('updated');
    expect(changed.article.id).toBe(again.article.id);
    expect(changed.article.updatedAt).toBe(t.clock.now.toISOString());
    expect(changed.article.publishedAt).toBe(again.article.publishedAt);
    expect(events.at(-1)?.type).toBe('article.updated');
  });

  it('finds an article by external id first, so a CMS can rename its slug', async () => {
    const a = await saveArticle(deps(), { site: site(), actor: null, input: input({ title: 'Lock gates', externalId: 'cms-77', slug: 'lock-gates' }) });
    const b = await saveArticle(deps(), { site: site(), actor: null, input: input({ title: 'Lock gates reopen', externalId: 'cms-77', slug: 'lock-gates-reopen' }) });
    expect(b.outcome).toBe('updated');
    expect(b.article.id).toBe(a.article.id);
    expect(b.article.slug).toBe('lock-gates-reopen');
    expect(await deps().store.getArticleBySlug({ siteId: site().id, slug: 'lock-gates' })).toBeUndefined();
  });

  it('refuses a slug another article uses', async () => {
    const err = await failure(saveArticle(deps(), { site: site(), actor: null, input: input({ title: 'Other', externalId: 'cms-78', slug: 'lock-gates-reopen' }) }));
    expect(err.code).toBe('slug_taken');
    expect(err.fields?.[0]).toMatchObject({ field: 'slug', code: 'slug_taken' });
  });

  it('needs alt text for the lead image and every figure to publish, not to save a draft', async () => {
    const lead = { src: 'https://images.example/quay.jpg', width: 1200, height: 800, alt: '', caption: 'The quay', credit: 'Photo: A. Ruiz' };
    const body = 'Intro.\n\n::: figure https://images.example/map.png\ncaption: A map\n:::\n';
    const err = await failure(saveArticle(deps(), { site: site(), actor: null, input: input({ title: 'Quay', leadImage: lead, body }) }));
    expect(err.code).toBe('not_publishable');
    expect(err.fields?.map((f) => f.field).sort()).toEqual(['body', 'leadImage.alt']);
    expect(err.fields?.find((f) => f.field === 'body')?.message).toMatch(/line 3: the figure has no alt text/);
    const draft = await saveArticle(deps(), { site: site(), actor: null, input: input({ title: 'Quay', leadImage: lead, body, status: 'draft' }) });
    expect(draft.state).toBe('draft');
    const fixed = await saveArticle(deps(), {
      site: site(),
      actor: null,
      input: input({ title: 'Quay', leadImage: { ...lead, alt: 'Cranes over the quay' }, body: body.replace('caption:', 'alt: Map of the quay\ncaption:') }),
    });
    expect(fixed).toMatchObject({ outcome: 'updated', state: 'published' });
    expect(fixed.article.leadImage).toEqual({ src: lead.src, alt: 'Cranes over the quay', caption: 'The quay', credit: 'Photo: A. Ruiz', width: 1200, height: 800 });
    expect(fixed.article.bodyHtml).toContain('<img src="https://images.example/map.png" alt="Map of the quay"');
  });

  it('refuses a lead image it cannot size', async () => {
    const err = await failure(saveArticle(deps(), { site: site(), actor: null, input: input({ title: 'No size', leadImage: { src: 'https://images.example/x.jpg', alt: 'x' } }) }));
    expect(err.code).toBe('validation_failed');
    expect(err.fields?.[0]?.field).toBe('leadImage.src');
    const unknown = await failure(saveArticle(deps(), { site: site(), actor: null, input: input({ title: 'No upload', leadImage: { src: '/media/i/0123456789abcdef0123-640.jpg', alt: 'x' } }) }));
    expect(unknown.fields?.[0]?.message).toMatch(/upload the image first/);
  });

  it('schedules an article with a future time and publishes it when the time comes', async () => {
    const at = new Date(t.clock.now.getTime() + 3_600_000).toISOString();
    const r = await saveArticle(deps(), { site: site(), actor: null, input: input({ title: 'Regatta route', publishedAt: at, closeAfterDays: 2 }) });
    expect(r.state).toBe('scheduled');
    expect(r.article).toMatchObject({ status: 'draft', scheduledFor: at, publishedAt: null, closeAt: new Date(Date.parse(at) + 2 * 86_400_000).toISOString() });
    expect((await t.request({ method: 'GET', url: '/articles/regatta-route' })).statusCode).toBe(404);
    expect(await publishDueArticles(deps())).toEqual([]);
    t.clock.advance(3_600_000);
    expect(await publishDueArticles(deps())).toEqual([r.article.id]);
    expect(await publishDueArticles(deps())).toEqual([]);
    expect(events.at(-1)).toEqual({ type: 'article.published', siteId: site().id, articleId: r.article.id });
    const page = await t.request({ method: 'GET', url: '/articles/regatta-route' });
    expect(page.statusCode).toBe(200);
    expect((await deps().store.getArticle({ siteId: site().id, id: r.article.id }))?.publishedAt).toBe(at);
  });

  it('unpublishes, and publishing the same input again puts it back', async () => {
    const page = () => t.request({ method: 'GET', url: '/articles/ferry-timetable-changes', headers: { accept: 'text/html' } });
    expect((await page()).statusCode).toBe(200); // also fills the anonymous page cache
    const a = (await deps().store.getArticleBySlug({ siteId: site().id, slug: 'ferry-timetable-changes' }))!;
    const { changed } = await unpublishArticle(deps(), { site: site(), actor: null, ref: { id: a.id } });
    expect(changed).toBe(true);
    expect(events.at(-1)?.type).toBe('article.unpublished');
    expect((await page()).statusCode).toBe(404);
    const back = await saveArticle(deps(), { site: site(), actor: null, input: input({ body: 'The ferry runs every half hour.' }) });
    expect(back).toMatchObject({ outcome: 'updated', state: 'published' });
    expect(back.article.publishedAt).toBe(a.publishedAt);
    expect((await page()).statusCode).toBe(200);
  });

  it('shows an edited article to anonymous readers at once', async () => {
    const url = '/articles/ferry-timetable-changes';
    expect((await t.request({ method: 'GET', url, headers: { accept: 'text/html' } })).body).toContain('every half hour');
    await saveArticle(deps(), { site: site(), actor: null, input: input({ body: 'The ferry stops for the winter.' }) });
    expect((await t.request({ method: 'GET', url, headers: { accept: 'text/html' } })).body).toContain('stops for the winter');
  });

  it('lets staff publish and refuses commenters', async () => {
    const staff = await t.signUp('eve_writes', 'staff');
    const reader = await t.signUp('reader_rob');
    const user = async (id: string) => (await deps().store.getUser({ id }))!;
    const ok = await saveArticle(deps(), { site: site(), actor: { user: await user(staff.id), role: 'staff' }, input: input({ title: 'By staff' }) });
    expect(ok.outcome).toBe('created');
    const err = await failure(saveArticle(deps(), { site: site(), actor: { user: await user(reader.id), role: 'commenter' }, input: input({ title: 'By a reader' }) }));
    expect(err.code).toBe('forbidden');
    expect((await failure(saveArticle(deps(), { site: site(), actor: { user: null, role: null }, input: input() }))).code).toBe('unauthenticated');
  });

  it('keeps authors’ bios', async () => {
    expect((await saveAuthor(deps(), { site: site(), actor: null, name: '  Ana   Ruiz ', bio: 'Covers the port.' })).outcome).toBe('created');
    expect((await saveAuthor(deps(), { site: site(), actor: null, name: 'Ana Ruiz', bio: 'Covers the port.' })).outcome).toBe('unchanged');
    expect(await deps().store.getAuthor({ siteId: site().id, key: 'ana-ruiz' })).toMatchObject({ name: 'Ana Ruiz', bio: 'Covers the port.' });
    expect((await failure(saveAuthor(deps(), { site: site(), actor: null, name: 'X', bio: 'b'.repeat(2001) }))).fields?.[0]?.field).toBe('bio');
  });
});

describe('article input', () => {
  it('normalizes dates to UTC and refuses ambiguous ones', () => {
    expect(ArticleInputSchema.parse({ title: 'x', publishedAt: '2026-03-01' }).publishedAt).toBe('2026-03-01T00:00:00.000Z');
    expect(ArticleInputSchema.parse({ title: 'x', publishedAt: '2026-03-01T10:30:00+02:00' }).publishedAt).toBe('2026-03-01T08:30:00.000Z');
    expect(ArticleInputSchema.safeParse({ title: 'x', publishedAt: '2026-03-01T10:30' }).success).toBe(false);
    expect(ArticleInputSchema.safeParse({ title: 'x', publishedAt: '2026-02-30' }).success).toBe(false);
    expect(ArticleInputSchema.safeParse({ title: 'x', slug: 'Not A Slug' }).success).toBe(false);
    expect(ArticleInputSchema.safeParse({ title: 'x', colour: 'red' }).success).toBe(false);
  });
});
