// A real Parley server for one browser test file: SQLite in a temp directory, the demo publication
// seeded, rate limits off, listening on an ephemeral loopback port. It also offers the JSON API
// calls the tests use to set a scene (other readers signing up and posting) and a map from the
// demo data's comment keys (c01…c18) to the ids the seed gave them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createParley, type Parley } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { ArticleView, CommentPage, CommentView, SortOrder, ThreadNode } from '../../src/http/api-types.js';
import { demoArticle, demoComments, demoUsers } from '../../src/seed/demo-content.js';

export const DEMO_SLUG = demoArticle.slug;
export const ARTICLE_PATH = `/articles/${DEMO_SLUG}`;

export interface ApiUser {
  id: string;
  username: string;
  displayName: string;
  email: string;
  password: string;
  token: string;
}

export interface E2EServer {
  parley: Parley;
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  article: ArticleView;
  /** Demo comment key → comment id. */
  demo: Record<string, string>;
  /** Signs a new reader up through the JSON API and returns a bearer token for them. */
  signUp(prefix?: string): Promise<ApiUser>;
  /** Posts a comment (or a reply) as `user` through the JSON API. */
  post(user: ApiUser, body: string, parentId?: string | null): Promise<CommentView>;
  /**
   * Posts top-level comments as `author` (a new reader by default) until `count` of them are
   * published. Moderation may hold a test comment it finds suspicious; those are not counted.
   */
  addTopLevel(count: number, author?: ApiUser): Promise<CommentView[]>;
  /** One anonymous page of the discussion as JSON. */
  page(sort?: SortOrder, cursor?: string | null): Promise<CommentPage>;
  close(): Promise<void>;
}

let seq = 0;

/** A username no other test run in this process has used (3–24 chars of [a-z0-9_]). */
export function uniqueName(prefix: string): string {
  seq += 1;
  return `${prefix}_${process.pid.toString(36)}${seq}${Math.random().toString(36).slice(2, 5)}`.slice(0, 24);
}

async function json<T>(res: Response, what: string, expected: number): Promise<T> {
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${what}: expected ${expected}, got ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

function flatten(nodes: ThreadNode[], into: CommentView[] = []): CommentView[] {
  for (const n of nodes) {
    into.push(n.comment);
    flatten(n.replies, into);
  }
  return into;
}

export async function startServer(): Promise<E2EServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-'));
  let parley: Parley;
  try {
    const config = loadConfig({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      PARLEY_RATE_LIMITS: 'off',
      PARLEY_SEED_DEMO: '1',
      SESSION_SECRET: 'e2e-session-secret-e2e-session-secret-0123',
    });
    parley = await createParley(config);
    await parley.app.listen({ port: 0, host: '127.0.0.1' });
  } catch (err) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const { port } = parley.app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const close = async () => {
    await parley.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const article = await json<ArticleView>(await fetch(`${url}/api/v1/articles/${DEMO_SLUG}`), 'get demo article', 200);

    const page = async (sort: SortOrder = 'best', cursor: string | null = null) => {
      const q = new URLSearchParams({ sort });
      if (cursor) q.set('cursor', cursor);
      return json<CommentPage>(await fetch(`${url}/api/v1/articles/${article.id}/comments?${q}`), 'list comments', 200);
    };

    // The seed writes the demo comments in the order of demoComments, so by creation time they
    // line up one to one; the usernames double-check the match.
    const all = flatten((await page('oldest')).items).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    if (all.length !== demoComments.length) throw new Error(`expected ${demoComments.length} demo comments, the API shows ${all.length}`);
    const demo: Record<string, string> = {};
    demoComments.forEach((c, i) => {
      const shown = all[i]!;
      if (shown.author?.username !== c.author) throw new Error(`demo comment ${c.key} should be by ${c.author}, found ${shown.author?.username}`);
      demo[c.key] = shown.id;
    });

    const signUp = async (prefix = 'reader'): Promise<ApiUser> => {
      const username = uniqueName(prefix);
      const user = { username, displayName: `Reader ${username}`, email: `${username}@example.test`, password: `pw-${username}-0123456789` };
      const res = await fetch(`${url}/api/v1/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...user, session: 'token' }),
      });
      const body = await json<{ user: { id: string }; token: string }>(res, `sign up ${username}`, 201);
      return { ...user, id: body.user.id, token: body.token };
    };

    const post = async (user: ApiUser, body: string, parentId: string | null = null): Promise<CommentView> => {
      const res = await fetch(`${url}/api/v1/articles/${article.id}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` },
        body: JSON.stringify(parentId ? { body, parentId } : { body }),
      });
      return (await json<{ comment: CommentView }>(res, 'post comment', 201)).comment;
    };

    const addTopLevel = async (count: number, author?: ApiUser): Promise<CommentView[]> => {
      const user = author ?? (await signUp('filler'));
      const published: CommentView[] = [];
      const held: string[] = [];
      for (let i = 0; published.length < count; i++) {
        if (i >= count * 3) {
          throw new Error(`moderation held too many test comments: ${published.length} of ${count} published, held: ${held.join(', ')}`);
        }
        const c = await post(user, fillerBody(i));
        if (c.status === 'approved') published.push(c);
        else held.push(c.status);
      }
      return published;
    };

    return { parley, url, article, demo, page, signUp, post, addTopLevel, close };
  } catch (err) {
    await close();
    throw err;
  }
}

const FILLER = [
  'The agreement seems to be mostly about paperwork for refuelling and shore leave.',
  'I would like to read the actual text before deciding what it means.',
  'Russian ships have visited La Guaira before, so this is hardly new.',
  'The timing right after the asset freeze is what stands out to me.',
  'A port call is a message, but it is not the same thing as a base.',
  'Curious whether other countries in the region will say anything about it.',
  'The map in the article helped me understand where La Guaira actually is.',
  'Hard to see what either navy gains beyond the photographs.',
  'It would help to know how often such visits happened in the past decade.',
  'The analysts quoted near the end make a fair point about long deployments.',
  'This reads like both governments wanted a headline more than a change.',
  'I appreciate that the piece reports the remarks without dramatising them.',
];

/** A plausible, distinct comment body (moderation holds repeated text). */
function fillerBody(i: number): string {
  return `${FILLER[i % FILLER.length]} (Reader note ${i + 1}.)`;
}

/** Display name of a demo reader, by username. */
export function demoDisplayName(username: string): string {
  const u = demoUsers.find((d) => d.username === username);
  if (!u) throw new Error(`no demo user ${username}`);
  return u.displayName;
}

/** The demo's top-level comments' authors (usernames) in posting order. */
export function demoTopLevelAuthors(): string[] {
  return demoComments.filter((c) => !c.replyTo).map((c) => c.author);
}

export { demoArticle, demoComments };
