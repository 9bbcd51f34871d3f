// Every operation of the JSON API, as every role, on SQLite and PostgreSQL.
//
// The operations are read from /api/openapi.json, so a new operation is covered the moment it
// is declared: the test fails until the table below says who may call it. Each row names the
// expected outcome per actor — Y allowed (2xx), - refused (401/403, or 404 where the row says
// that people outside a site are hidden) — in this column order:
//
//   anon  commenter  author  staff  moderator  admin  operator  modB  adminB
//
// "author" is a commenter who owns the comment or the like under test; "modB" and "adminB"
// are a moderator and an admin of another site (B) acting on site A. Every request gets fresh
// objects (a new comment, article, person, session) so no call changes what the next one sees,
// and path parameters are filled by name, bodies generated from the operation's own JSON
// schema unless the row gives one.
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS, type Role, type Site } from '../../src/domain/types.js';
import { createSession } from '../../src/services/accounts/sessions.js';
import { issueToken, type TokenPurpose } from '../../src/services/accounts/tokens.js';
import { databaseKinds } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';

const ACTORS = ['anon', 'commenter', 'author', 'staff', 'moderator', 'admin', 'operator', 'modB', 'adminB'] as const;
type ActorName = (typeof ACTORS)[number];

// Shorthands for the common rows.
const EVERYONE = 'Y Y Y Y Y Y Y Y Y';
const SIGNED_IN = '- Y Y Y Y Y Y Y Y';
const NOT_AUTHOR = '- Y - Y Y Y Y Y Y';
const AUTHOR_ONLY = '- - Y - - - - - -';
const AUTHOR_OR_MOD = '- - Y - Y Y Y - -';
const STAFF_UP = '- - - Y Y Y Y - -';
const MOD_UP = '- - - - Y Y Y - -';
const ADMIN_UP = '- - - - - Y Y - -';
const OPERATOR = '- - - - - - Y - -';

interface Call {
  actor: ActorName;
  /** A fresh bearer token of the actor (null for anon). */
  token: string | null;
  fx: Fixtures;
}

interface Row {
  expect: string;
  /** 404 also counts as a refusal (people and objects of other sites are hidden). */
  hidden404?: boolean;
  /** Statuses that count as "allowed" besides 2xx: authorization passed, then the (made-up) object was not found. */
  accept?: number[];
  body?: (c: Call) => Promise<unknown> | unknown;
  query?: (c: Call) => Promise<Record<string, string>> | Record<string, string>;
  raw?: () => Promise<{ contentType: string; payload: Buffer }>;
  params?: (c: Call) => Promise<Record<string, string>> | Record<string, string>;
}

let seq = 0;
const unique = (prefix: string) => `${prefix}${++seq}${Math.random().toString(36).slice(2, 6)}`;

const ROWS: Record<string, Row> = {
  // ---- Public reads --------------------------------------------------------------------------
  listArticles: { expect: EVERYONE },
  getArticle: { expect: EVERYONE },
  listComments: { expect: EVERYONE },
  getComment: { expect: EVERYONE },
  listReplies: { expect: EVERYONE },
  listFeaturedComments: { expect: EVERYONE },
  getProfile: { expect: EVERYONE },
  listProfileComments: { expect: EVERYONE },
  listSignInOptions: { expect: EVERYONE },
  embedThread: { expect: EVERYONE },
  embedThreadPage: { expect: EVERYONE, query: async (c) => ({ sort: 'oldest', cursor: (await c.fx.cursors()).page }), params: async (c) => ({ articleId: (await c.fx.cursors()).articleId }) },
  embedReplies: { expect: EVERYONE, query: async (c) => ({ cursor: (await c.fx.cursors()).replies }), params: async (c) => ({ commentId: (await c.fx.cursors()).rootId }) },
  embedBranch: { expect: EVERYONE },
  embedCounts: { expect: EVERYONE, query: () => ({ key: 'url:https://www.gazette.test/harbour' }) },
  streamArticleEvents: { expect: EVERYONE },

  // ---- Signing up and in: open to everyone, whoever is asking -----------------------------------
  signUp: { expect: EVERYONE, body: () => ({ email: `${unique('new')}@example.test`, username: unique('newbie_'), password: 'a harbour at high tide', session: 'token' }) },
  signIn: { expect: EVERYONE, body: async (c) => ({ email: (await c.fx.person()).email, password: PASSWORD, session: 'token' }) },
  signOut: { expect: EVERYONE },
  requestPasswordReset: { expect: EVERYONE, body: async (c) => ({ email: (await c.fx.person()).email }) },
  requestSignInLink: { expect: EVERYONE, body: async (c) => ({ email: (await c.fx.person()).email }) },
  completePasswordReset: { expect: EVERYONE, body: async (c) => ({ token: await c.fx.token('reset_password'), password: 'a fresh passphrase here' }) },
  completeSignInLink: { expect: EVERYONE, body: async (c) => ({ token: await c.fx.token('magic_link'), session: 'token' }) },
  verifyEmail: { expect: EVERYONE, body: async (c) => ({ token: await c.fx.token('verify_email') }) },
  confirmEmailChange: { expect: EVERYONE, body: async (c) => ({ token: await c.fx.token('change_email') }) },
  claimProfile: { expect: EVERYONE, body: async (c) => ({ token: await c.fx.claimToken(), password: 'my comments are mine', session: 'token' }) },
  signInWithSso: { expect: EVERYONE, body: async (c) => ({ token: await c.fx.ssoToken(), session: 'token' }) },
  // The popup hand-off needs a code only the popup has; without one, nobody gets past "not found".
  embedToken: { expect: EVERYONE, accept: [404], body: () => ({ verifier: 'v'.repeat(43) }) },

  // ---- Commenting --------------------------------------------------------------------------------
  createComment: { expect: SIGNED_IN, body: () => ({ body: 'A comment from the roles table.' }) },
  embedCreateComment: { expect: SIGNED_IN, body: () => ({ body: 'A comment from the roles table, via the embed.' }) },
  previewComment: { expect: SIGNED_IN, body: () => ({ body: 'Is this all right to post?' }) },
  updateComment: { expect: AUTHOR_ONLY, body: () => ({ body: 'Edited by the roles table.' }) },
  embedUpdateComment: { expect: AUTHOR_ONLY, body: () => ({ body: 'Edited through the embed.' }) },
  deleteComment: { expect: AUTHOR_OR_MOD },
  embedDeleteComment: { expect: AUTHOR_OR_MOD },
  reactToComment: { expect: NOT_AUTHOR, body: () => ({ kind: 'like' }) },
  reportComment: { expect: NOT_AUTHOR, body: () => ({ reason: 'spam' }) },

  // ---- One's own account -------------------------------------------------------------------------
  getMe: { expect: SIGNED_IN },
  getMyAccount: { expect: SIGNED_IN },
  updateMe: { expect: SIGNED_IN, body: () => ({ bio: 'Reads the harbour news.' }) },
  resendVerification: { expect: SIGNED_IN },
  changeEmail: { expect: SIGNED_IN, body: () => ({ email: `${unique('moved')}@example.test`, currentPassword: PASSWORD }) },
  changePassword: { expect: SIGNED_IN, body: () => ({ currentPassword: PASSWORD, newPassword: PASSWORD }) },
  listMySessions: { expect: SIGNED_IN },
  revokeMySession: { expect: SIGNED_IN },
  signOutEverywhere: { expect: SIGNED_IN },
  unlinkIdentity: { expect: SIGNED_IN },
  exportMyData: { expect: SIGNED_IN },
  requestAccountDeletion: { expect: SIGNED_IN, body: () => ({ currentPassword: PASSWORD }) },
  cancelAccountDeletion: { expect: SIGNED_IN },
  getMyModeration: { expect: SIGNED_IN },
  appealDecision: { expect: SIGNED_IN, accept: [404], params: () => ({ noticeId: 'NO_SUCH_NOTICE' }), body: () => ({ reason: 'I think this was a mistake.', text: 'I think this was a mistake.' }) },
  acknowledgeWarning: { expect: SIGNED_IN, accept: [404], params: () => ({ restrictionId: 'NO_SUCH_RESTRICTION' }) },

  // ---- Admin: people and sign-in settings -------------------------------------------------------
  listUsers: { expect: ADMIN_UP },
  getUserAdmin: { expect: ADMIN_UP, hidden404: true },
  setUserRole: { expect: ADMIN_UP, hidden404: true, body: () => ({ role: 'staff' }) },
  setUserOperator: { expect: OPERATOR, hidden404: true, body: () => ({ isOperator: true }) },
  listUserSessions: { expect: ADMIN_UP, hidden404: true },
  revokeUserSessions: { expect: OPERATOR, hidden404: true },
  listAuditLog: { expect: ADMIN_UP },
  getSignInSettings: { expect: ADMIN_UP },
  updateSignInSettings: { expect: ADMIN_UP, body: () => ({ signInLinks: true }) },
  listOidcProviders: { expect: ADMIN_UP },
  addOidcProvider: { expect: ADMIN_UP, body: () => ({ slug: unique('idp-'), name: 'Harbour ID', issuer: 'https://id.gazette.test', clientId: 'parley' }) },
  removeOidcProvider: { expect: ADMIN_UP, hidden404: true },

  // ---- Moderation -------------------------------------------------------------------------------
  listModerationQueue: { expect: MOD_UP, params: () => ({ queue: 'pending' }) },
  getModerationCounts: { expect: MOD_UP },
  getModerationComment: { expect: MOD_UP },
  moderateComment: { expect: MOD_UP, body: () => ({ action: 'approve' }) },
  moderateComments: { expect: MOD_UP, body: async (c) => ({ action: 'approve', ids: [await c.fx.comment()] }) },
  getModerationUser: { expect: MOD_UP },
  restrictUser: { expect: MOD_UP, body: () => ({ kind: 'warning', message: 'Please keep it civil.' }) },
  liftRestriction: { expect: MOD_UP, accept: [404], params: () => ({ restrictionId: 'NO_SUCH_RESTRICTION' }) },
  setStoryMode: { expect: STAFF_UP, body: () => ({ mode: 'premoderated' }) },
  listAppeals: { expect: MOD_UP },
  decideAppeal: { expect: MOD_UP, accept: [404], params: () => ({ appealId: 'NO_SUCH_APPEAL' }), body: () => ({ outcome: 'upheld' }) },
  getTransparencyReport: { expect: MOD_UP },
  // Moderators read the settings and models (word lists, scorer quality); only admins change them.
  getModerationSettings: { expect: MOD_UP },
  updateModerationSettings: { expect: ADMIN_UP, body: () => ({}) },
  getModerationModels: { expect: MOD_UP },
  // A fresh site has too few decisions to train on: authorization passed, then 400.
  trainModerationModel: { expect: ADMIN_UP, accept: [400], params: () => ({ kind: 'spam' }) },

  // ---- Publishing -------------------------------------------------------------------------------
  upsertArticle: { expect: STAFF_UP, body: () => ({ title: unique('From the CMS '), body: 'A draft from the roles table.', status: 'draft' }) },
  getArticleByExternalId: { expect: STAFF_UP },
  unpublishArticle: { expect: STAFF_UP },
  previewArticle: { expect: STAFF_UP, body: () => ({ body: 'A *preview* of the harbour story.' }) },
  uploadImage: {
    expect: STAFF_UP,
    raw: async () => ({ contentType: 'image/png', payload: await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#2b6cb0' } }).png().toBuffer() }),
  },
};

const PASSWORD = 'roles table passphrase 42';

// --- Fixtures -------------------------------------------------------------------------------------

interface Person {
  id: string;
  username: string;
  email: string;
}

interface Fixtures {
  t: TestApp;
  siteB: Site;
  people: Record<Exclude<ActorName, 'anon'>, Person>;
  /** A new member of site A (a commenter), for actions on a person. */
  person(): Promise<Person>;
  /** A new approved comment by "author" on a new article of site A. */
  comment(): Promise<string>;
  article(externalId?: string): Promise<{ id: string; slug: string }>;
  token(purpose: TokenPurpose): Promise<string>;
  claimToken(): Promise<string>;
  ssoToken(): Promise<string>;
  session(actor: ActorName): Promise<string | null>;
  /** Real pagination cursors of a discussion: the next page, and more replies of one comment. */
  cursors(): Promise<{ page: string; replies: string; rootId: string; articleId: string }>;
}

async function makeFixtures(t: TestApp): Promise<Fixtures> {
  const { store, clock, newId } = t.parley.deps;
  const now = () => clock().toISOString();
  const siteB = await store.createSite({ id: newId(), slug: unique('siteb'), name: 'The Other Paper', publicUrl: null, settings: DEFAULT_SITE_SETTINGS, createdAt: now() });

  const signUp = async (name: string): Promise<Person> => {
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/signup', payload: { email: `${name}@example.test`, username: name, password: PASSWORD, session: 'token' } });
    if (res.statusCode !== 201) throw new Error(`sign-up of ${name}: ${res.body}`);
    const id = (res.json() as { user: { id: string } }).user.id;
    return { id, username: name, email: `${name}@example.test` };
  };
  const withRole = async (name: string, site: Site, role: Role | null) => {
    const p = await signUp(name);
    if (role) await store.setRole({ siteId: site.id, userId: p.id, role, createdAt: now() });
    if (site.id !== t.site.id) await store.deleteMembership({ siteId: t.site.id, userId: p.id });
    return p;
  };
  const people = {
    commenter: await withRole(unique('rt_reader'), t.site, null),
    author: await withRole(unique('rt_writer'), t.site, null),
    staff: await withRole(unique('rt_staffer'), t.site, 'staff'),
    moderator: await withRole(unique('rt_mod'), t.site, 'moderator'),
    admin: await withRole(unique('rt_chief'), t.site, 'admin'),
    operator: await withRole(unique('rt_root'), t.site, null),
    modB: await withRole(unique('rt_bmod'), siteB, 'moderator'),
    adminB: await withRole(unique('rt_bchief'), siteB, 'admin'),
  };
  await store.setOperator({ userId: people.operator.id, isOperator: true });
  await t.request({
    method: 'PATCH',
    url: '/api/v1/admin/sign-in',
    headers: { authorization: `Bearer ${(await createSession(t.parley.deps, { userId: people.admin.id, kind: 'bearer', ip: null, userAgent: null })).token}` },
    payload: { sso: { mode: 'hs256', secret: 'roles-table-shared-secret-0123456789', issuer: 'https://www.gazette.test', audience: 'parley' } },
  });

  let cursorCache: { page: string; replies: string; rootId: string; articleId: string } | null = null;
  const fx: Fixtures = {
    t,
    siteB,
    people,
    person: () => withRole(unique('rt_target'), t.site, null),
    async article(externalId) {
      const id = newId();
      const slug = unique('story-');
      await store.createArticle({
        id,
        siteId: t.site.id,
        slug,
        externalId: externalId ?? null,
        title: 'A story for the roles table',
        dek: '',
        bodyMarkdown: 'Body',
        bodyHtml: '<p>Body</p>',
        leadImage: null,
        authors: ['Desk'],
        tags: [],
        section: null,
        status: 'published',
        publishedAt: now(),
        updatedAt: now(),
        commentsMode: 'open',
        closeAt: null,
        createdAt: now(),
      });
      return { id, slug };
    },
    async comment() {
      const article = await fx.article();
      const id = newId();
      await store.insertComment({
        id,
        siteId: t.site.id,
        articleId: article.id,
        parentId: null,
        rootId: id,
        depth: 0,
        path: id,
        authorId: people.author.id,
        bodyMarkdown: 'A comment to act on.',
        bodyHtml: '<p>A comment to act on.</p>',
        rendererVersion: 1,
        status: 'approved',
        visible: true,
        score: 0,
        createdAt: now(),
      });
      return id;
    },
    async token(purpose) {
      const p = await fx.person();
      const email = purpose === 'change_email' ? `${unique('next')}@example.test` : p.email;
      return issueToken(store, { clock }, { purpose, userId: p.id, email, siteId: t.site.id });
    },
    async claimToken() {
      const id = newId();
      const name = unique('rt_imported');
      await store.createUser({ id, email: `${name}@example.test`, emailVerified: false, username: name, usernameKey: name, displayName: 'Imported Author', isOperator: false, createdAt: now() });
      return issueToken(store, { clock }, { purpose: 'claim_profile', userId: id, email: `${name}@example.test`, siteId: t.site.id });
    },
    async ssoToken() {
      const { SignJWT } = await import('jose');
      const iat = Math.floor(clock().getTime() / 1000);
      return new SignJWT({ sub: unique('host-'), name: 'Host Reader' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('https://www.gazette.test')
        .setAudience('parley')
        .setIssuedAt(iat)
        .setExpirationTime(iat + 120)
        .setJti(unique('jti-'))
        .sign(new TextEncoder().encode('roles-table-shared-secret-0123456789'));
    },
    async cursors() {
      if (cursorCache) return cursorCache;
      const article = await fx.article();
      const token = (await createSession(t.parley.deps, { userId: people.author.id, kind: 'bearer', ip: null, userAgent: null })).token;
      const write = async (body: string, parentId?: string) => {
        const res = await t.request({ method: 'POST', url: `/api/v1/articles/${article.id}/comments`, headers: { authorization: `Bearer ${token}` }, payload: { body, ...(parentId ? { parentId } : {}) } });
        if (res.statusCode !== 201) throw new Error(`fixture comment: ${res.body}`);
        return (res.json() as { comment: { id: string } }).comment.id;
      };
      const rootId = await write('The first of two top-level comments.');
      await write('The second top-level comment.');
      for (let i = 0; i < DEFAULT_SITE_SETTINGS.repliesPerBranch + 1; i++) await write(`Reply number ${i + 1}.`, rootId);
      const page = (await t.request({ method: 'GET', url: `/api/v1/articles/${article.id}/comments?sort=oldest&limit=1` })).json() as { nextCursor: string; items: { moreReplies: { cursor: string } | null }[] };
      cursorCache = { page: page.nextCursor, replies: page.items[0]!.moreReplies!.cursor, rootId, articleId: article.id };
      return cursorCache;
    },
    async session(actor) {
      if (actor === 'anon') return null;
      return (await createSession(t.parley.deps, { userId: people[actor].id, kind: 'bearer', ip: '127.0.0.1', userAgent: 'roles-table' })).token;
    },
  };
  return fx;
}

/** Path parameters by name: fresh objects for writes, so calls stay independent. */
async function paramValue(name: string, c: Call, method: string): Promise<string> {
  const { fx } = c;
  const write = method !== 'GET';
  switch (name) {
    case 'articleId':
      return write ? (await fx.article()).id : fx.t.articleId;
    case 'articleRef':
      return fx.t.articleSlug;
    case 'commentId':
      return fx.comment();
    case 'userId':
      return (await fx.person()).id;
    case 'username':
      return fx.people.author.username;
    case 'externalId': {
      const ext = unique('ext-');
      if (method !== 'PUT') await fx.article(ext);
      return ext;
    }
    case 'providerId': {
      const { addProvider } = await import('../../src/services/oidc/providers.js');
      const p = await addProvider(fx.t.parley.deps, { siteId: fx.t.site.id, actorId: null, provider: { slug: unique('p-'), name: 'Provider', issuer: 'https://id.gazette.test', clientId: 'x' } });
      return p.id;
    }
    case 'sessionId': {
      if (c.actor === 'anon') return 'a'.repeat(64);
      const token = await fx.session(c.actor);
      const { hashToken } = await import('../../src/services/accounts/sessions.js');
      return hashToken(token!);
    }
    case 'identityId': {
      if (c.actor === 'anon') return 'NO_SUCH_IDENTITY';
      const id = fx.t.parley.deps.newId();
      await fx.t.parley.deps.store.createIdentity({ id, userId: fx.people[c.actor].id, provider: `oidc:${unique('x')}`, subject: unique('s'), secret: null, createdAt: fx.t.clock.now.toISOString() });
      return id;
    }
    default:
      throw new Error(`no fixture for path parameter "${name}": teach paramValue() in tests/accounts/roles.test.ts`);
  }
}

// --- A small example generator for JSON Schema (what the OpenAPI document carries) ------------------

type Schema = Record<string, unknown>;

function deref(schema: Schema, doc: Schema): Schema {
  const ref = schema.$ref as string | undefined;
  if (!ref) return schema;
  const name = ref.split('/').pop()!;
  return deref(((doc.components as Schema).schemas as Record<string, Schema>)[name]!, doc);
}

export function example(schema: Schema | undefined, doc: Schema): unknown {
  if (!schema) return {};
  const s = deref(schema, doc);
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  if ('default' in s) return s.default;
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = s[key] as Schema[] | undefined;
    if (options?.length) return example(options.find((o) => deref(o, doc).type !== 'null') ?? options[0], doc);
  }
  const type = Array.isArray(s.type) ? (s.type as string[]).find((x) => x !== 'null') : (s.type as string | undefined);
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = (s.properties ?? {}) as Record<string, Schema>;
      for (const key of (s.required as string[] | undefined) ?? []) out[key] = example(props[key], doc);
      return out;
    }
    case 'array':
      return Array.from({ length: Number(s.minItems ?? 0) }, () => example(s.items as Schema, doc));
    case 'integer':
    case 'number':
      return Number(s.minimum ?? 1);
    case 'boolean':
      return true;
    case 'string': {
      if (s.format === 'email') return `${unique('gen')}@example.test`;
      if (s.format === 'uri' || s.format === 'url') return 'https://www.gazette.test/a';
      const min = Number(s.minLength ?? 1);
      const pattern = typeof s.pattern === 'string' ? new RegExp(s.pattern as string, 'u') : null;
      for (const candidate of ['example', 'Example text', 'example_1', 'a'.repeat(Math.max(min, 1))]) {
        if (candidate.length >= min && (!pattern || pattern.test(candidate))) return candidate;
      }
      return 'x'.repeat(min);
    }
    default:
      return {};
  }
}

// --- The run ------------------------------------------------------------------------------------------

interface Operation {
  operationId: string;
  method: string;
  path: string;
  spec: Schema;
}

function operations(doc: Schema): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, spec] of Object.entries(methods)) out.push({ operationId: spec.operationId as string, method: method.toUpperCase(), path, spec });
  }
  return out;
}

function outcome(status: number, row: Row): string {
  if (status >= 200 && status < 400) return 'Y';
  if (status === 401 || status === 403) return '-';
  if (status === 404 && row.hidden404) return '-';
  if (row.accept?.includes(status)) return 'Y';
  return `?${status}`;
}

const kinds = await databaseKinds();

describe.each(kinds)('every API operation as every role on $kind', ({ create }) => {
  let t: TestApp;
  let fx: Fixtures;
  let doc: Schema;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp(await create());
    fx = await makeFixtures(t);
    doc = (await t.request({ method: 'GET', url: '/api/openapi.json' })).json() as Schema;
    await t.parley.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.parley.app.server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    // Live streams this test opened and hung up on may still hold their sockets.
    t?.parley.app.server.closeAllConnections();
    await t?.close();
  });

  it('has a row for every operation in the OpenAPI document (and none for operations that are gone)', () => {
    const ids = operations(doc).map((o) => o.operationId);
    expect(ids.filter((id) => !(id in ROWS)), 'operations without a row: add them to ROWS in tests/accounts/roles.test.ts').toEqual([]);
    expect(Object.keys(ROWS).filter((id) => !ids.includes(id)), 'rows for operations that no longer exist').toEqual([]);
  });

  async function send(op: Operation, row: Row, c: Call): Promise<{ status: number; body: string }> {
    const fixed = (await row.params?.(c)) ?? {};
    let url = op.path;
    for (const m of op.path.matchAll(/\{([^}]+)\}/g)) {
      const name = m[1]!;
      url = url.replace(`{${name}}`, encodeURIComponent(fixed[name] ?? (await paramValue(name, c, op.method))));
    }
    const query = new URLSearchParams((await row.query?.(c)) ?? {});
    for (const p of (op.spec.parameters ?? []) as { name: string; in: string; required: boolean; schema: Schema }[]) {
      if (p.in === 'query' && p.required && !query.has(p.name)) query.set(p.name, String(example(p.schema, doc)));
    }
    if (query.size) url += `?${query}`;
    const headers: Record<string, string> = { 'x-parley-site': t.site.slug, ...(c.token ? { authorization: `Bearer ${c.token}` } : {}) };
    let payload: string | Blob | undefined;
    if (row.raw) {
      const raw = await row.raw();
      payload = new Blob([new Uint8Array(raw.payload)], { type: raw.contentType });
      headers['content-type'] = raw.contentType;
    } else {
      const requestBody = op.spec.requestBody as { content: Record<string, { schema: Schema }> } | undefined;
      const body = row.body ? await row.body(c) : requestBody ? example(requestBody.content['application/json']?.schema, doc) : undefined;
      if (body !== undefined) {
        payload = JSON.stringify(body);
        headers['content-type'] = 'application/json';
      }
    }
    // Over real HTTP, so a live stream (which never ends) can be looked at and hung up on.
    const abort = new AbortController();
    const res = await fetch(`${base}${url}`, { method: op.method, headers, ...(payload !== undefined ? { body: payload } : {}), redirect: 'manual', signal: abort.signal });
    if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      abort.abort();
      return { status: res.status, body: '' };
    }
    return { status: res.status, body: await res.text() };
  }

  it('allows and refuses exactly what the table says', async () => {
    const problems: string[] = [];
    for (const op of operations(doc)) {
      const row = ROWS[op.operationId];
      if (!row) continue; // reported by the test above
      const expected = row.expect.split(' ');
      const got: string[] = [];
      for (const [i, actor] of ACTORS.entries()) {
        const call: Call = { actor, token: await fx.session(actor), fx };
        const res = await send(op, row, call);
        const o = outcome(res.status, row);
        got.push(o);
        if (o !== expected[i]) problems.push(`${op.operationId} as ${actor}: expected ${expected[i] === 'Y' ? 'allowed' : 'refused'}, got ${res.status} ${res.body.slice(0, 160)}`);
      }
      if (got.join(' ') !== row.expect) problems.push(`${op.operationId.padEnd(26)} expected ${row.expect}\n${' '.repeat(26)}      got ${got.join(' ')}`);
    }
    expect(problems).toEqual([]);
  }, 600_000);
});
