// The public contract: health, the OpenAPI document, and problem+json for every bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/app.js';

const [sqlite] = await databaseKinds();

describe('API contract', () => {
  let t: TestApp;
  let user: TestUser;
  let commentId: string;
  beforeAll(async () => {
    t = await startTestApp(await sqlite!.create());
    user = await t.signUp('contract');
    const res = await t.request({ method: 'POST', url: `/api/v1/articles/${t.articleId}/comments`, as: await t.signUp('other_one'), payload: { body: 'target' } });
    commentId = (res.json() as { comment: { id: string } }).comment.id;
  });
  afterAll(async () => t?.close());

  it('answers health and readiness', async () => {
    expect((await t.request({ method: 'GET', url: '/healthz' })).json()).toEqual({ ok: true });
    expect((await t.request({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('publishes an OpenAPI 3.1 document with the stable operationIds', async () => {
    const doc = (await t.request({ method: 'GET', url: '/api/openapi.json' })).json() as {
      openapi: string;
      paths: Record<string, Record<string, { operationId: string; requestBody?: unknown; responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.values(doc.paths).flatMap((m) => Object.values(m).map((o) => o.operationId));
    for (const id of ['listComments', 'getComment', 'createComment', 'updateComment', 'deleteComment', 'reactToComment', 'reportComment', 'signUp', 'signIn', 'signOut', 'getMe']) {
      expect(ops).toContain(id);
    }
    expect(new Set(ops).size).toBe(ops.length);
    expect(doc.paths['/api/v1/articles/{articleId}/comments']!.post!.requestBody).toBeDefined();
    expect(doc.components.schemas).toHaveProperty('Comment');
    expect(doc.components.schemas).toHaveProperty('Problem');
    // Every $ref resolves inside the document.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    for (const ref of refs) expect(doc.components.schemas).toHaveProperty(ref);
  });

  it('serves a human-readable API reference', async () => {
    const res = await t.request({ method: 'GET', url: '/api/docs' });
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('createComment');
    expect(res.body).not.toContain('<script');
  });

  const badInputs: { name: string; method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; url: () => string; payload?: unknown; raw?: string; contentType?: string; auth?: boolean; headers?: Record<string, string> }[] = [
    { name: 'non-JSON body', method: 'POST', url: () => `/api/v1/articles/${t.articleId}/comments`, raw: '{"body":', contentType: 'application/json', auth: true },
    { name: 'array body', method: 'POST', url: () => `/api/v1/articles/${t.articleId}/comments`, payload: [1, 2], auth: true },
    { name: 'number as body text', method: 'POST', url: () => `/api/v1/articles/${t.articleId}/comments`, payload: { body: 42 }, auth: true },
    { name: 'bad parent id', method: 'POST', url: () => `/api/v1/articles/${t.articleId}/comments`, payload: { body: 'x', parentId: '../../etc' }, auth: true },
    { name: 'bad article id', method: 'GET', url: () => '/api/v1/articles/%00%00/comments' },
    { name: 'limit out of range', method: 'GET', url: () => `/api/v1/articles/${t.articleId}/comments?limit=100000` },
    { name: 'garbage cursor', method: 'GET', url: () => `/api/v1/articles/${t.articleId}/comments?cursor=%F0%9F%92%A9` },
    { name: 'unknown reaction', method: 'PUT', url: () => `/api/v1/comments/${commentId}/reaction`, payload: { kind: 'love' }, auth: true },
    { name: 'missing reaction', method: 'PUT', url: () => `/api/v1/comments/${commentId}/reaction`, payload: {}, auth: true },
    { name: 'XML body', method: 'PATCH', url: () => `/api/v1/comments/${commentId}`, raw: '<body/>', contentType: 'application/xml', auth: true },
    { name: 'huge body', method: 'POST', url: () => `/api/v1/articles/${t.articleId}/comments`, payload: { body: 'x'.repeat(300_000) }, auth: true },
    { name: 'sign-up without fields', method: 'POST', url: () => '/api/v1/auth/signup', payload: {} },
    { name: 'sign-in with wrong types', method: 'POST', url: () => '/api/v1/auth/signin', payload: { email: ['a'], password: { x: 1 } } },
    { name: 'unknown comment', method: 'GET', url: () => '/api/v1/comments/01ARZ3NDEKTSV4RRFFQ69G5FAV' },
    { name: 'unknown route', method: 'GET', url: () => '/api/v1/nothing-here' },
    { name: 'unknown site', method: 'GET', url: () => `/api/v1/articles/${t.articleId}/comments`, headers: { 'x-parley-site': 'nope' } },
  ];

  it.each(badInputs)('answers $name with a 4xx problem document', async (c) => {
    const res = await t.request({
      method: c.method,
      url: c.url(),
      ...(c.auth ? { as: user } : {}),
      ...(c.raw !== undefined ? { payload: c.raw } : c.payload !== undefined ? { payload: c.payload as object } : {}),
      headers: { ...(c.raw !== undefined ? { 'content-type': c.contentType! } : {}), ...c.headers },
    });
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, res.body).toBeLessThan(500);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json() as { code: string; status: number; title: string };
    expect(body.status).toBe(res.statusCode);
    expect(body.code).toMatch(/^[a-z_]+$/);
    expect(body.title.length).toBeGreaterThan(5);
    expect(res.body).not.toMatch(/at .*\.ts:\d+|stack/i);
  });

  it('sends strict security headers', async () => {
    const res = await t.request({ method: 'GET', url: `/api/v1/articles/${t.articleId}/comments` });
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves anonymous pages from the cache and drops the entry on a write', async () => {
    const url = `/api/v1/articles/${t.articleId}/comments?sort=newest`;
    const first = await t.request({ method: 'GET', url });
    const etag = first.headers.etag as string;
    expect((await t.request({ method: 'GET', url, headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    const gz = await t.request({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.body.length === 0 || gz.headers['content-encoding'] === 'gzip' || gz.rawPayload.length < 1024).toBe(true);
    await t.request({ method: 'POST', url: `/api/v1/articles/${t.articleId}/comments`, as: user, payload: { body: 'fresh' } });
    const after = await t.request({ method: 'GET', url, headers: { 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    expect((after.json() as { items: { comment: { html: string } }[] }).items[0]!.comment.html).toContain('fresh');
  });
});
