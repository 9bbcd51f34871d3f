// Starts Parley for a test on a fresh database, with a controllable clock, and offers the
// calls tests make most: signing people up, and making requests as them through app.inject.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createParley, type Parley } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_SITE_SETTINGS, type Role, type Site, type SiteSettings } from '../../src/domain/types.js';
import type { TestDatabase } from './databases.js';
import { tempDir } from './databases.js';

export interface TestClock {
  now: Date;
  advance(ms: number): void;
}

export interface TestApp {
  parley: Parley;
  db: TestDatabase;
  clock: TestClock;
  site: Site;
  articleId: string;
  articleSlug: string;
  request(opts: InjectOptions & { as?: TestUser }): Promise<LightMyRequestResponse>;
  signUp(name: string, role?: Role): Promise<TestUser>;
  close(): Promise<void>;
}

export interface TestUser {
  id: string;
  username: string;
  email: string;
  password: string;
  token: string;
}

let counter = 0;

export async function startTestApp(db: TestDatabase, opts: { settings?: Partial<SiteSettings>; env?: Record<string, string>; commentsMode?: 'open' | 'closed' | 'premoderated' } = {}): Promise<TestApp> {
  const clock: TestClock = {
    now: new Date('2026-03-01T12:00:00.000Z'),
    advance(ms) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  const env: Record<string, string> = {
    DATA_DIR: tempDir(),
    PARLEY_SEED_DEMO: '0',
    LOG_LEVEL: 'silent',
    PARLEY_RATE_LIMITS: 'off',
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    ...opts.env,
  };
  const config = { ...loadConfig(env), database: db.config };
  const parley = await createParley(config, { clock: () => clock.now });
  const { store, newId } = parley.deps;
  const createdAt = clock.now.toISOString();
  const site = await store.createSite({
    id: newId(),
    slug: `site${++counter}`,
    name: 'The Test Gazette',
    publicUrl: null,
    settings: { ...DEFAULT_SITE_SETTINGS, ...opts.settings },
    createdAt,
  });
  const articleId = newId();
  const articleSlug = 'harbour-story';
  await store.createArticle({
    id: articleId,
    siteId: site.id,
    slug: articleSlug,
    title: 'Harbour story',
    dek: 'A test article',
    bodyMarkdown: 'Body',
    bodyHtml: '<p>Body</p>',
    leadImage: null,
    authors: ['Test Writer'],
    tags: [],
    section: 'News',
    status: 'published',
    publishedAt: createdAt,
    updatedAt: createdAt,
    commentsMode: opts.commentsMode ?? 'open',
    closeAt: null,
    createdAt,
  });

  const app: TestApp = {
    parley,
    db,
    clock,
    site,
    articleId,
    articleSlug,
    async request({ as, headers, ...rest }) {
      return parley.app.inject({
        ...rest,
        headers: { 'x-parley-site': site.slug, ...(as ? { authorization: `Bearer ${as.token}` } : {}), ...headers },
      } as InjectOptions);
    },
    async signUp(name, role = 'commenter') {
      const password = `pw-${name}-0123456789`;
      const email = `${name}@example.test`;
      const res = await app.request({ method: 'POST', url: '/api/v1/auth/signup', payload: { email, username: name, password, session: 'token' } });
      if (res.statusCode !== 201) throw new Error(`sign-up of ${name} failed: ${res.statusCode} ${res.body}`);
      const body = res.json() as { user: { id: string }; token: string };
      if (role !== 'commenter') await store.setRole({ siteId: site.id, userId: body.user.id, role, createdAt });
      return { id: body.user.id, username: name, email, password, token: body.token };
    },
    async close() {
      await parley.close();
      await db.drop();
    },
  };
  return app;
}
