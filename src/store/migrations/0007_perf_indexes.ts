// Indexes for signed-in readers and posters (issue 2): a signed-in reader's article page lists
// their own comments still held for review, which went through the (site, status) index and
// then read every pending comment of the site.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // "Your comments awaiting review" on an article page: author, article, status, newest first.
  await db.schema.createIndex('comments_author_pending').on('comments').columns(['author_id', 'article_id', 'status', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('comments_author_pending').execute();
}
