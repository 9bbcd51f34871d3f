// Checks on the database after the write runs: how many comments an article has, and whether
// every denormalized counter still matches the rows it summarizes.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/store/schema.js';

export async function countComments(db: Kysely<Database>, articleId: string): Promise<number> {
  const r = await db.selectFrom('comments').select((eb) => eb.fn.countAll().as('n')).where('article_id', '=', articleId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface CounterCheck {
  comments: number;
  wrongReplyCounts: number;
  wrongDescendantCounts: number;
  articleCommentCount: number;
  approvedComments: number;
}

export async function checkCounters(db: Kysely<Database>, articleId: string): Promise<CounterCheck> {
  const replies = await sql<{ n: number | string }>`
    with actual as (
      select parent_id as id, count(*) as n from comments
      where article_id = ${articleId} and visible = 1 and parent_id is not null group by parent_id)
    select count(*) as n from comments c left join actual a on a.id = c.id
    where c.article_id = ${articleId} and c.reply_count <> coalesce(a.n, 0)`.execute(db);
  const descendants = await sql<{ n: number | string }>`
    with actual as (
      select root_id as id, count(*) as n from comments
      where article_id = ${articleId} and visible = 1 and depth > 0 group by root_id)
    select count(*) as n from comments c left join actual a on a.id = c.id
    where c.article_id = ${articleId} and c.depth = 0 and c.descendant_count <> coalesce(a.n, 0)`.execute(db);
  const approved = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('article_id', '=', articleId)
    .where('status', '=', 'approved')
    .executeTakeFirstOrThrow();
  const article = await db.selectFrom('articles').select('comment_count').where('id', '=', articleId).executeTakeFirstOrThrow();
  return {
    comments: await countComments(db, articleId),
    wrongReplyCounts: Number(replies.rows[0]?.n ?? 0),
    wrongDescendantCounts: Number(descendants.rows[0]?.n ?? 0),
    articleCommentCount: Number(article.comment_count),
    approvedComments: Number(approved.n),
  };
}

export async function replyTargets(db: Kysely<Database>, articleId: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('comments')
    .select('id')
    .where('article_id', '=', articleId)
    .where('status', '=', 'approved')
    .where('depth', '<', 5)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Comments of an article created at or after `since`, by status. */
export async function statusCounts(db: Kysely<Database>, articleId: string, since: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('comments')
    .select((eb) => ['status', eb.fn.countAll().as('n')])
    .where('article_id', '=', articleId)
    .where('created_at', '>=', since)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
