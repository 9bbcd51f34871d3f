// Comment posts for the write runs: bearer tokens taken round-robin, bodies varied per request
// (a template plus a running number), about 60 % replies to existing comments of the thread.
import { createHash } from 'node:crypto';
import type { RequestSpec } from 'autocannon';
import type { ChildServer } from './children.js';
import type { createClient } from './http-client.js';
import type { Random } from './random.js';
import { percentile, sortedCopy } from './stats.js';

export interface Post {
  token: string;
  payload: { body: string; parentId?: string };
}

/** Numbers every post of the process, so no author ever repeats a body (held as a duplicate). */
let serial = 0;

export function createPostFactory(rng: Random, bodies: readonly string[], tokens: readonly string[], parentIds: readonly string[]) {
  return (): Post => {
    const i = serial++;
    const body = `${bodies[i % bodies.length]} [bench post ${i}]`;
    const reply = parentIds.length > 0 && rng.chance(0.6);
    return { token: tokens[i % tokens.length]!, payload: reply ? { body, parentId: rng.pick(parentIds) } : { body } };
  };
}

export function postRequests(path: string, next: () => Post): RequestSpec[] {
  return [
    {
      method: 'POST',
      path,
      setupRequest: (req) => {
        const post = next();
        return { ...req, headers: { ...req.headers, authorization: `Bearer ${post.token}`, 'content-type': 'application/json' }, body: JSON.stringify(post.payload) };
      },
    },
  ];
}

export interface ReadAfterWrite {
  iterations: number;
  /** Reads whose page differed from the previous read (a held post changes nothing). */
  changed: number;
  /** Status of the posted comments as the API answered (approved, pending…). */
  statuses: Record<string, number>;
  postP50: number;
  readP50: number;
  readP90: number;
  readP99: number;
  readMax: number;
  /** Server CPU spent on one read right after a write, microseconds (IPC cost subtracted). */
  readCpuUsP50: number;
  readCpuUsP99: number;
  bytes: number;
  /** Comments on the last page read (JSON pages only). */
  commentsShown: number | null;
}

function countComments(body: Buffer): number | null {
  try {
    const page = JSON.parse(body.toString('utf8')) as { items?: { replies: unknown[] }[] };
    const walk = (nodes: { replies: unknown[] }[]): number => nodes.reduce((n, node) => n + 1 + walk(node.replies as { replies: unknown[] }[]), 0);
    return Array.isArray(page.items) ? walk(page.items) : null;
  } catch {
    return null;
  }
}

/** The version of a page: its ETag, or for pages without one the body less its CSP nonces. */
function fingerprint(res: { headers: Record<string, unknown>; body: Buffer }): string {
  if (typeof res.headers.etag === 'string') return res.headers.etag;
  const text = res.body.toString('utf8').replace(/nonce="[^"]*"/g, '');
  return createHash('sha1').update(text).digest('hex');
}

/** Sequential: post one comment, then read the page at once (a cache miss), many times. */
export async function readAfterWrite(opts: {
  server: ChildServer;
  client: ReturnType<typeof createClient>;
  postPath: string;
  readPath: string;
  iterations: number;
  /** Stop early after this long (the loop is sequential; a busy machine slows it down). */
  maxSeconds: number;
  next: () => Post;
}): Promise<ReadAfterWrite> {
  const { server, client } = opts;
  // What two back-to-back CPU questions cost the server, to subtract from each measurement.
  const idle: number[] = [];
  for (let i = 0; i < 30; i++) {
    const a = await server.cpu();
    const b = await server.cpu();
    idle.push(b.cpuUs - a.cpuUs);
  }
  const ipcUs = percentile(sortedCopy(idle), 0.5);

  const posts: number[] = [];
  const reads: number[] = [];
  const cpu: number[] = [];
  let changed = 0;
  const statuses: Record<string, number> = {};
  const deadline = performance.now() + opts.maxSeconds * 1000;
  let lastVersion: string | undefined;
  let last: Buffer = Buffer.alloc(0);
  for (let i = 0; i < opts.iterations && performance.now() < deadline; i++) {
    const post = opts.next();
    const created = await client.postJson(opts.postPath, post.token, post.payload);
    if (created.status !== 201) throw new Error(`post answered ${created.status}: ${created.body.toString('utf8').slice(0, 300)}`);
    const status = String((JSON.parse(created.body.toString('utf8')) as { comment?: { status?: string } }).comment?.status ?? 'unknown');
    statuses[status] = (statuses[status] ?? 0) + 1;
    posts.push(created.ms);
    const before = await server.cpu();
    const read = await client.get(opts.readPath);
    const after = await server.cpu();
    if (read.status !== 200) throw new Error(`read answered ${read.status}`);
    reads.push(read.ms);
    cpu.push(Math.max(0, after.cpuUs - before.cpuUs - ipcUs));
    const version = fingerprint(read);
    if (version !== lastVersion) changed++;
    lastVersion = version;
    last = read.body;
  }
  const r = sortedCopy(reads);
  const c = sortedCopy(cpu);
  return {
    iterations: reads.length,
    changed,
    statuses,
    postP50: percentile(sortedCopy(posts), 0.5),
    readP50: percentile(r, 0.5),
    readP90: percentile(r, 0.9),
    readP99: percentile(r, 0.99),
    readMax: r.length ? r[r.length - 1]! : 0,
    readCpuUsP50: percentile(c, 0.5),
    readCpuUsP99: percentile(c, 0.99),
    bytes: last.length,
    commentsShown: countComments(last),
  };
}
