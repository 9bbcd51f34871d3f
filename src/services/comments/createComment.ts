// Posting a comment or a reply: authorize, render once, moderate, write in one transaction,
// then announce it.
import { AppError } from '../../domain/errors.js';
import { RENDERER_VERSION } from '../../domain/markdown.js';
import type { Decision } from '../../domain/moderation/pipeline.js';
import { recordPipeline } from '../moderation/decide.js';
import { evaluateComment, refusalFor } from '../moderation/evaluate.js';
import { siteRuntime } from '../moderation/runtime.js';
import type { RequestSignals } from '../moderation/scorers/scorer.js';
import { canOnArticle, commentsOpen } from '../../domain/policies/article.js';
import { authorizeComment } from '../../domain/policies/comment.js';
import { bestScore } from '../../domain/ranking.js';
import { MAX_STORED_DEPTH } from '../../domain/tree.js';
import type { Actor, Article, Comment, Site } from '../../domain/types.js';
import type { ServiceDeps } from '../deps.js';
import { inlinePreparer } from './prepare-pool.js';
import { cleanCommentBody } from './validate.js';
import { onApprovalChanged, onVisibilityChanged } from './visibility.js';

export interface CreateCommentInput {
  site: Site;
  actor: Actor;
  articleId: string;
  parentId: string | null;
  body: string;
  /** The commenter's IP, browser and page, for spam services that use them (moderation, issue 5). */
  client?: RequestSignals;
}

/** The new comment and its decision, with the article and parent as read before the write. */
export interface CreatedComment {
  comment: Comment;
  decision: Decision;
  article: Article;
  parent: Comment | undefined;
}

export async function createComment(deps: ServiceDeps, input: CreateCommentInput): Promise<CreatedComment> {
  const { store, clock, newId, events } = deps;
  const { site, actor } = input;
  const now = clock();
  const article = await store.getArticle({ siteId: site.id, id: input.articleId });
  if (!article || !canOnArticle(actor, 'read', article, now)) throw new AppError('article_not_found');
  if (!actor.user) throw new AppError('unauthenticated');
  const open = commentsOpen(article, now);
  let parent: Comment | undefined;
  if (input.parentId) {
    parent = await store.getComment({ siteId: site.id, id: input.parentId });
    if (!parent || parent.articleId !== article.id) {
      throw new AppError('parent_not_found', { fields: [{ field: 'parentId', code: 'parent_not_found', message: 'No such comment in this discussion.' }] });
    }
    authorizeComment(actor, 'reply', parent, { now, settings: site.settings, articleOpen: open });
  } else if (!open) {
    throw new AppError('comments_closed');
  }

  const body = cleanCommentBody(input.body, site.settings);
  // Rendering and the text's analysis run on a worker thread while the pipeline reads the
  // author's record; then the full pipeline with the site's lists, scorers and that record.
  const prepared = (deps.prepare ?? inlinePreparer).prepare(await siteRuntime(store, site.id), body);
  const evaluation = await evaluateComment(deps, { site, article, actor, body, now, scorerInput: input.client, local: prepared.then((p) => p.local) });
  const { html } = await prepared;
  const refusal = refusalFor(evaluation, now);
  if (refusal) throw refusal;
  const decision: Decision = evaluation.decision;

  const createdAt = now.toISOString();
  const id = newId(now.getTime());
  // At the bottom level a reply is filed beside its parent (see MAX_STORED_DEPTH).
  const atBottom = parent !== undefined && parent.depth >= MAX_STORED_DEPTH;
  const depth = parent ? (atBottom ? parent.depth : parent.depth + 1) : 0;
  const path = parent ? `${atBottom ? parent.path.slice(0, parent.path.lastIndexOf('.')) : parent.path}.${id}` : id;
  const visible = decision.status === 'approved';
  const comment = await store.transaction(async (tx) => {
    const inserted = await tx.insertComment({
      id,
      siteId: site.id,
      articleId: article.id,
      parentId: parent?.id ?? null,
      rootId: parent?.rootId ?? id,
      depth,
      path,
      authorId: actor.user!.id,
      bodyMarkdown: body,
      bodyHtml: html,
      rendererVersion: RENDERER_VERSION,
      status: decision.status,
      visible,
      score: bestScore({ likes: 0, dislikes: 0, reports: 0, createdAt: now }),
      createdAt,
    });
    await onVisibilityChanged(tx, inserted, false, visible);
    await onApprovalChanged(tx, inserted, false, visible);
    await tx.insertModerationAction({
      id: newId(now.getTime()),
      siteId: site.id,
      commentId: id,
      targetUserId: actor.user!.id,
      actorId: null,
      action: decision.status,
      phase: decision.phase,
      reasonCodes: decision.reasons,
      scores: Object.keys(decision.scores).length ? decision.scores : null,
      statement: null,
      createdAt,
    });
    await recordPipeline(tx, { comment: inserted, decision, analysis: evaluation.analysis, at: createdAt });
    return inserted;
  });
  events.publish({ type: 'comment.created', siteId: site.id, articleId: article.id, commentId: comment.id, visible });
  return { comment, decision, article, parent };
}
