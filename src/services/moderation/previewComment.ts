// "Would this comment be held?" — the pipeline's answer without posting, so the composer can say
// "this may break our rules: edit or post anyway" when the site asks for that. Nothing is
// stored; external scorers are not called for a preview (they run when the comment is posted).
import { AppError } from '../../domain/errors.js';
import { reasonLabel } from '../../domain/moderation/reasons.js';
import { canOnArticle } from '../../domain/policies/article.js';
import type { Actor, Site } from '../../domain/types.js';
import type { ServiceDeps } from '../deps.js';
import { cleanCommentBody } from '../comments/validate.js';
import { evaluateComment, refusalFor } from './evaluate.js';
import { siteRuntime } from './runtime.js';

export interface Preview {
  /** What would happen: published, held for review, or removed. */
  status: 'approved' | 'pending' | 'rejected' | 'spam';
  /** Whether the site wants authors warned before posting (warnBeforeHold). */
  warn: boolean;
  /** Reasons a person can read, for the ones that concern the text. */
  reasons: { code: string; label: string }[];
}

const TEXT_REASONS = new Set(['banned_word', 'suspect_word', 'profanity', 'insult', 'insult_you', 'threat_phrase', 'slur', 'all_caps', 'toxic', 'toxic_model', 'likely_spam', 'spam_model', 'too_many_links', 'links_premoderated', 'link_shortener', 'spam_phrase', 'contact_details', 'duplicate']);

export async function previewComment(deps: ServiceDeps, input: { site: Site; actor: Actor; articleId: string; body: string }): Promise<Preview> {
  if (!input.actor.user) throw new AppError('unauthenticated');
  const now = deps.clock();
  const article = await deps.store.getArticle({ siteId: input.site.id, id: input.articleId });
  if (!article || !canOnArticle(input.actor, 'read', article, now)) throw new AppError('article_not_found');
  const body = cleanCommentBody(input.body, input.site.settings);
  const runtime = await siteRuntime(deps.store, input.site.id);
  const evaluation = await evaluateComment({ store: deps.store }, { site: input.site, article, actor: input.actor, body, now, skipExternal: true });
  const refusal = refusalFor(evaluation, now);
  if (refusal) throw refusal;
  const { decision } = evaluation;
  return {
    status: decision.status,
    warn: runtime.settings.warnBeforeHold && decision.status !== 'approved' && decision.reasons.some((r) => TEXT_REASONS.has(r)),
    reasons: decision.reasons.filter((r) => TEXT_REASONS.has(r)).map((code) => ({ code, label: reasonLabel(code) })),
  };
}
