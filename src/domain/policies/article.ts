// Who may do what to an article. Every route that touches an article asks here.
import type { Actor, Article } from '../types.js';
import { hasRole } from './roles.js';

export type ArticleAction = 'read' | 'comment' | 'publish' | 'close';

/** Whether the discussion accepts new comments at `now` (mode, and the auto-close time). */
export function commentsOpen(article: Pick<Article, 'commentsMode' | 'closeAt' | 'status'>, now: Date): boolean {
  if (article.status !== 'published') return false;
  if (article.commentsMode === 'closed') return false;
  if (article.closeAt && Date.parse(article.closeAt) <= now.getTime()) return false;
  return true;
}

export function canOnArticle(actor: Actor, action: ArticleAction, article: Article, now: Date): boolean {
  switch (action) {
    case 'read':
      return article.status === 'published' || hasRole(actor, 'staff');
    case 'comment':
      return actor.user !== null && commentsOpen(article, now);
    case 'publish':
      return hasRole(actor, 'staff');
    case 'close':
      return hasRole(actor, 'staff'); // editors close and reopen their discussions; moderators and admins rank above staff
  }
}
