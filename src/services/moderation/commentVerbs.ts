// Shared by the per-verb files: authorize, decide in one transaction, announce after commit.
import { authorizeModeration } from '../../domain/policies/moderation.js';
import type { Actor, Site } from '../../domain/types.js';
import type { ServiceDeps } from '../deps.js';
import { decideComment, decisionEvents, type CommentDecisionResult, type CommentVerb } from './decide.js';

export interface VerbInput {
  site: Site;
  actor: Actor;
  commentId: string;
  reason?: string | null;
  /** Shown to the author in the statement of reasons. */
  message?: string;
}

export async function runCommentVerb(deps: ServiceDeps, verb: CommentVerb, input: VerbInput): Promise<CommentDecisionResult> {
  authorizeModeration(input.actor, 'moderate_comments');
  const result = await deps.store.transaction((tx) =>
    decideComment(tx, deps, { site: input.site, actor: input.actor, commentId: input.commentId, verb, reason: input.reason ?? null, message: input.message ?? '' }),
  );
  decisionEvents(deps, result);
  return result;
}
