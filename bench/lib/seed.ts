// Seeds the benchmark data set straight through the store and its Kysely connection, in big
// transactions: one site, ~2,000 readers (200 of them through the real sign-up and session
// services, for bearer tokens), and two articles with discussions of the requested sizes.
import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { renderArticleMarkdown } from '../../src/domain/article-markdown.js';
import { createUlidGenerator, systemClock } from '../../src/domain/ids.js';
import { RENDERER_VERSION } from '../../src/domain/markdown.js';
import { bestScore } from '../../src/domain/ranking.js';
import { DEFAULT_SITE_SETTINGS, type Site } from '../../src/domain/types.js';
import { createSession } from '../../src/services/accounts/sessions.js';
import { signUp } from '../../src/services/accounts/signUp.js';
import { usernameKey } from '../../src/services/accounts/usernames.js';
import type { Connection } from '../../src/store/connect.js';
import { KyselyStore } from '../../src/store/kysely-store.js';
import type { CommentsTable, Database } from '../../src/store/schema.js';
import { type BodyTemplate, buildTemplates } from './bodies.js';
import { createRandom, type Random } from './random.js';
import { buildShape, type ShapeStats, shapeStats } from './shape.js';

export interface SeedOptions {
  threads: { label: string; slug: string; comments: number }[];
  users: number;
  tokenUsers: number;
  templates: number;
  log: (line: string) => void;
}

export interface SeededArticle {
  label: string;
  id: string;
  slug: string;
  comments: number;
  stats: ShapeStats;
}

export interface SeedResult {
  site: Site;
  articles: SeededArticle[];
  /** Bearer tokens of the users created through sign-up, with their user ids. */
  tokens: { userId: string; token: string }[];
  templates: BodyTemplate[];
  timings: { usersMs: number; commentsMs: number; commentsPerSecond: number; totalMs: number };
}

const DAY = 86_400_000;
const FIRST = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Efua', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kwame', 'Lena', 'Mateo', 'Nadia', 'Oskar', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tova'];
const LAST = ['Adler', 'Baptiste', 'Costa', 'Dunn', 'Eriksen', 'Fofana', 'Gruber', 'Haddad', 'Ito', 'Jansen', 'Kowalski', 'Lind', 'Moreau', 'Nakamura', 'Okafor', 'Petrov'];

function articleMarkdown(rng: Random, title: string): string {
  const paras = Array.from({ length: 9 }, (_, i) =>
    i === 3
      ? '> "We will publish the full figures once the review is complete," a spokesperson said.'
      : i === 6
        ? '## What happens next\n\nThe council meets again next month; the consultation is open until then.'
        : Array.from({ length: rng.int(3, 5) }, () => 'Residents and officials disagree about the timeline, the cost and who should pay for the work that remains.').join(' '),
  );
  return [`${title} — what we know so far.`, ...paras].join('\n\n');
}

async function insertInChunks(db: Kysely<Database>, rows: CommentsTable[], chunk: number, perTransaction: number): Promise<void> {
  for (let start = 0; start < rows.length; start += perTransaction) {
    const slice = rows.slice(start, start + perTransaction);
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < slice.length; i += chunk) await trx.insertInto('comments').values(slice.slice(i, i + chunk)).execute();
    });
  }
}

async function seedUsers(db: Kysely<Database>, store: KyselyStore, site: Site, opts: SeedOptions, rng: Random) {
  const newId = createUlidGenerator();
  const deps = { store, clock: systemClock, newId };
  const createdAt = new Date().toISOString();
  const bulk = opts.users - opts.tokenUsers;
  const rows = Array.from({ length: bulk }, (_, i) => {
    const username = `reader_${String(i).padStart(5, '0')}`;
    return {
      id: newId(),
      email: `${username}@bench.invalid`,
      email_verified: 1,
      username,
      username_key: usernameKey(username),
      display_name: `${rng.pick(FIRST)} ${rng.pick(LAST)}`,
      is_operator: 0,
      status: 'active',
      created_at: createdAt,
    };
  });
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) {
      const part = rows.slice(i, i + 500);
      await trx.insertInto('users').values(part).execute();
      await trx
        .insertInto('memberships')
        .values(part.map((u) => ({ site_id: site.id, user_id: u.id, role: 'commenter', created_at: createdAt })))
        .execute();
    }
  });
  // The token holders go through the real services (argon2 hashing included), a few at a time.
  const tokens: { userId: string; token: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < opts.tokenUsers) {
      const i = next++;
      const username = `poster_${String(i).padStart(4, '0')}`;
      const user = await signUp(deps, { site, email: `${username}@bench.invalid`, username, displayName: `${rng.pick(FIRST)} ${rng.pick(LAST)}`, password: randomBytes(12).toString('base64url') });
      const { token } = await createSession(deps, { userId: user.id, kind: 'bearer', ip: null, userAgent: 'parley-bench' });
      tokens.push({ userId: user.id, token });
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  const userIds = [...rows.map((r) => r.id), ...tokens.map((t) => t.userId)];
  // Shuffle so the prolific authors are a mix of both kinds of account.
  for (let i = userIds.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [userIds[i], userIds[j]] = [userIds[j]!, userIds[i]!];
  }
  return { userIds, tokens };
}

export async function seedBench(connection: Connection, opts: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const rng = createRandom(20240611);
  const db = connection.db;
  const store = new KyselyStore(db, connection.dialect);
  const newId = createUlidGenerator();
  const now = Date.now();
  const published = now - 2 * DAY;

  const site = await store.createSite({ id: newId(published - DAY), slug: 'bench', name: 'The Bench Gazette', publicUrl: null, settings: DEFAULT_SITE_SETTINGS, createdAt: new Date(published - DAY).toISOString() });

  const usersStarted = performance.now();
  const { userIds, tokens } = await seedUsers(db, store, site, opts, rng);
  const usersMs = performance.now() - usersStarted;
  opts.log(`seed: ${userIds.length} users (${tokens.length} through sign-up + bearer session) in ${(usersMs / 1000).toFixed(1)} s`);

  const templates = buildTemplates(rng, opts.templates);

  const articles: SeededArticle[] = [];
  let commentsMs = 0;
  let commentTotal = 0;
  for (const [n, thread] of opts.threads.entries()) {
    const publishedAt = new Date(published + n * 60_000).toISOString();
    const title = `${thread.label}: the harbour redevelopment, explained`;
    const bodyMarkdown = articleMarkdown(rng, title);
    const article = await store.createArticle({
      id: newId(Date.parse(publishedAt)),
      siteId: site.id,
      slug: thread.slug,
      title,
      dek: 'Councillors, residents and the port authority on what the plan means for the waterfront.',
      bodyMarkdown,
      bodyHtml: renderArticleMarkdown(bodyMarkdown),
      leadImage: null,
      authors: ['Bench Reporter'],
      tags: ['city', 'harbour'],
      section: 'City',
      status: 'published',
      publishedAt,
      updatedAt: publishedAt,
      commentsMode: 'open',
      closeAt: null,
      createdAt: publishedAt,
    });

    const t0 = performance.now();
    const shape = buildShape(rng, { comments: thread.comments, authors: userIds.length, templates: templates.length, startMs: Date.parse(publishedAt) + 60_000, spanMs: DAY });
    const ids: string[] = [];
    const paths: string[] = [];
    const rows: CommentsTable[] = shape.map((c) => {
      const id = newId(c.atMs);
      ids.push(id);
      const path = c.parent === null ? id : `${paths[c.parent]}.${id}`;
      paths.push(path);
      const body = templates[c.template]!;
      const createdAt = new Date(c.atMs).toISOString();
      return {
        id,
        site_id: site.id,
        article_id: article.id,
        parent_id: c.parent === null ? null : ids[c.parent]!,
        root_id: ids[c.root]!,
        depth: c.depth,
        path,
        author_id: userIds[c.author]!,
        body_md: body.markdown,
        body_html: body.html,
        renderer_version: RENDERER_VERSION,
        status: c.approved ? 'approved' : 'pending',
        visible: c.approved ? 1 : 0,
        like_count: c.likes,
        dislike_count: c.dislikes,
        report_count: 0,
        reply_count: c.replyCount,
        descendant_count: c.depth === 0 ? c.descendantCount : 0,
        score: bestScore({ likes: c.likes, dislikes: c.dislikes, reports: 0, createdAt }),
        created_at: createdAt,
        edited_at: null,
        deleted_at: null,
      };
    });
    await insertInChunks(db, rows, connection.dialect === 'sqlite' ? 500 : 1000, 10_000);
    const stats = shapeStats(shape);
    await store.adjustArticleCommentCount({ siteId: site.id, articleId: article.id, delta: stats.approved });
    const ms = performance.now() - t0;
    commentsMs += ms;
    commentTotal += rows.length;
    opts.log(
      `seed: ${thread.label} — ${rows.length} comments in ${(ms / 1000).toFixed(2)} s (${Math.round(rows.length / (ms / 1000))}/s); ` +
        `top-level ${stats.topLevel}, by depth ${stats.byDepth.join('/')}, largest branches ${stats.largestBranches.join(', ')}`,
    );
    articles.push({ label: thread.label, id: article.id, slug: thread.slug, comments: rows.length, stats });
  }

  // Leave the database as a running instance would have it.
  if (connection.dialect === 'postgres') await sql`analyze`.execute(db);
  else await sql`pragma wal_checkpoint(truncate)`.execute(db);

  const totalMs = performance.now() - started;
  return { site, articles, tokens, templates, timings: { usersMs, commentsMs, commentsPerSecond: commentTotal / (commentsMs / 1000), totalMs } };
}
