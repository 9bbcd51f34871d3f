// Does the anonymous response cache stay right when writes land while readers are busy? Each
// round: readers hammer the first page, two comments are posted a few milliseconds apart in the
// middle, the readers go on a little and stop; then the cached anonymous page is compared with an uncached signed-in read
// of the same page. Only what both views share is compared: the total, the comments shown and
// their counts. A read that began before the write and filled the cache after the write's
// invalidation leaves a stale page that stays until the next write.
import autocannon, { type RequestSpec, type Result } from 'autocannon';
import type { CommentPage, ThreadNode } from '../../src/http/api-types.js';
import type { ChildServer } from './children.js';
import type { createClient } from './http-client.js';
import type { Post } from './posting.js';

export interface ConsistencyResult {
  rounds: number;
  /** Rounds after which the cached page differed from the database. */
  staleRounds: number;
  examples: string[];
}

function digest(page: CommentPage): string {
  const walk = (nodes: ThreadNode[]): string =>
    nodes.map((n) => `${n.comment.id}:${n.comment.replyCount}:${n.moreReplies?.count ?? 0}[${walk(n.replies)}]`).join(',');
  return `total=${page.total} ${walk(page.items)}`;
}

function burst(port: number, requests: RequestSpec[], seconds: number, connections: number): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url: `http://127.0.0.1:${port}`, connections, duration: seconds, requests }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

export async function checkCacheConsistency(opts: {
  server: ChildServer;
  client: ReturnType<typeof createClient>;
  readPath: string;
  postPath: string;
  next: () => Post;
  readerToken: string;
  rounds: number;
  seconds: number;
  connections: number;
  settle: () => Promise<unknown>;
}): Promise<ConsistencyResult> {
  const { client } = opts;
  const readers: RequestSpec[] = [{ method: 'GET', path: opts.readPath }];
  let staleRounds = 0;
  const examples: string[] = [];
  for (let round = 0; round < opts.rounds; round++) {
    const reading = burst(opts.server.port, readers, opts.seconds, opts.connections);
    await new Promise((r) => setTimeout(r, (opts.seconds * 1000) / 3));
    // Two posts: the first sends readers into rebuilding the page, the second follows after a
    // delay that differs by round (0–9 ms), so that it commits in the middle of a rebuild.
    for (let i = 0; i < 2; i++) {
      if (i === 1) await new Promise((r) => setTimeout(r, round % 10));
      const post = opts.next();
      const created = await client.postJson(opts.postPath, post.token, post.payload);
      if (created.status !== 201) throw new Error(`consistency post answered ${created.status}`);
    }
    await reading;
    await opts.settle();
    const cached = await client.get(opts.readPath);
    const fresh = await client.get(opts.readPath, { authorization: `Bearer ${opts.readerToken}` });
    if (cached.status !== 200 || fresh.status !== 200) throw new Error(`consistency read answered ${cached.status}/${fresh.status}`);
    const a = digest(JSON.parse(cached.body.toString('utf8')) as CommentPage);
    const b = digest(JSON.parse(fresh.body.toString('utf8')) as CommentPage);
    if (a !== b) {
      staleRounds++;
      if (examples.length < 3) examples.push(`cached ${a.slice(0, 90)}… vs database ${b.slice(0, 90)}…`);
    }
  }
  return { rounds: opts.rounds, staleRounds, examples };
}
