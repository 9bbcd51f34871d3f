// Seeds the demo publication on first start against an empty database: the site, its articles,
// a cast of readers and staff, and the discussion under the main article, written through the
// same services a reader's post goes through (so rendering, counters and the moderation log
// are exactly what a live post produces).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { renderArticleMarkdown } from '../domain/article-markdown.js';
import { bestScore } from '../domain/ranking.js';
import { DEFAULT_SITE_SETTINGS, type Comment, type Site } from '../domain/types.js';
import { signUp } from '../services/accounts/signUp.js';
import { createComment } from '../services/comments/createComment.js';
import type { ServiceDeps } from '../services/deps.js';
import { DEMO_MEDIA_PREFIX, demoArticle, demoComments, demoSite, demoUsers, moreArticles, type DemoArticle, type DemoImage } from './demo-content.js';

/** The intrinsic size an SVG of the demo declares on its root element, so its <img> gets one too. */
function svgSize(file: string): { width?: number; height?: number } {
  try {
    const head = readFileSync(new URL(`./assets/${file}`, import.meta.url), 'utf8').slice(0, 400);
    const m = /<svg\b[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"/.exec(head);
    return m ? { width: Number(m[1]), height: Number(m[2]) } : {};
  } catch {
    return {};
  }
}

function imageOf(img: DemoImage) {
  return { src: `${DEMO_MEDIA_PREFIX}${img.file}`, alt: img.alt, caption: img.caption, credit: img.credit, width: img.width, height: img.height };
}

async function seedArticle(deps: ServiceDeps, site: Site, a: DemoArticle): Promise<string> {
  const allImages = [a.leadImage];
  const bodyHtml = renderArticleMarkdown(a.bodyMarkdown, {
    resolveImage: (src) => {
      const known = allImages.find((img) => `${DEMO_MEDIA_PREFIX}${img.file}` === src);
      if (known) return { src, width: known.width, height: known.height };
      return src.startsWith(DEMO_MEDIA_PREFIX) ? { src, ...svgSize(src.slice(DEMO_MEDIA_PREFIX.length)) } : null;
    },
  });
  const id = deps.newId(Date.parse(a.publishedAt));
  await deps.store.createArticle({
    id,
    siteId: site.id,
    slug: a.slug,
    title: a.title,
    dek: a.dek,
    bodyMarkdown: a.bodyMarkdown,
    bodyHtml,
    leadImage: imageOf(a.leadImage),
    authors: a.authors,
    tags: a.tags,
    section: a.section,
    status: 'published',
    publishedAt: a.publishedAt,
    updatedAt: a.updatedAt,
    commentsMode: 'open',
    closeAt: null,
    createdAt: a.publishedAt,
  });
  return id;
}

export async function seedDemo(deps: ServiceDeps): Promise<{ site: Site; articleId: string }> {
  const now = deps.clock().toISOString();
  const site = await deps.store.createSite({
    id: deps.newId(),
    slug: demoSite.slug,
    name: demoSite.name,
    publicUrl: null,
    settings: DEFAULT_SITE_SETTINGS,
    createdAt: now,
  });
  const articleId = await seedArticle(deps, site, demoArticle);
  for (const extra of moreArticles) await seedArticle(deps, site, extra);

  // Demo readers get random passwords nobody knows: they exist to have written the comments.
  const users = new Map<string, { id: string; role: 'commenter' | 'staff' | 'moderator' }>();
  for (const u of demoUsers) {
    const user = await signUp(deps, {
      site,
      email: `${u.username}@demo.invalid`,
      username: u.username,
      displayName: u.displayName,
      password: randomBytes(18).toString('base64url'),
      trusted: true, // Demo staff names may carry role words
    });
    const role = u.role ?? 'commenter';
    if (role !== 'commenter') await deps.store.setRole({ siteId: site.id, userId: user.id, role, createdAt: now });
    users.set(u.username, { id: user.id, role });
  }

  const posted = new Map<string, Comment>();
  const published = Date.parse(demoArticle.publishedAt);
  for (const c of demoComments) {
    const author = users.get(c.author);
    if (!author) throw new Error(`demo comment ${c.key}: unknown author ${c.author}`);
    const at = new Date(published + c.minutesAfterPublish * 60_000);
    const user = (await deps.store.getUser({ id: author.id }))!;
    const { comment } = await createComment(
      { ...deps, clock: () => at },
      { site, actor: { user, role: author.role }, articleId, parentId: c.replyTo ? posted.get(c.replyTo)!.id : null, body: c.body },
    );
    // The demo's historical votes are aggregate counts: there are not 48 demo readers to cast them.
    if (c.likes || c.dislikes) {
      const updated = (await deps.store.adjustCommentCounters({ siteId: site.id, id: comment.id, delta: { likeCount: c.likes ?? 0, dislikeCount: c.dislikes ?? 0 } }))!;
      await deps.store.updateComment({
        siteId: site.id,
        id: comment.id,
        set: { score: bestScore({ likes: updated.likeCount, dislikes: updated.dislikeCount, reports: 0, createdAt: updated.createdAt }) },
      });
    }
    posted.set(c.key, comment);
  }
  return { site, articleId };
}
