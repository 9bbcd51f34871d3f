// N open reports hold an approved comment for review (the site's reportThreshold; 0: never).
// Runs inside the report's transaction; the hold is a system decision in the moderation log.
import type { Comment, Site } from '../../domain/types.js';
import type { Store } from '../../store/store.js';
import type { ServiceDeps } from '../deps.js';
import { decideComment, type CommentDecisionResult } from './decide.js';
import { loadModerationSettings } from './runtime.js';

export async function holdIfReported(tx: Store, deps: Pick<ServiceDeps, 'newId' | 'clock'>, site: Site, comment: Comment): Promise<CommentDecisionResult | null> {
  if (comment.status !== 'approved') return null;
  const { reportThreshold } = await loadModerationSettings(tx, site.id);
  if (reportThreshold <= 0) return null;
  const open = (await tx.moderation.listReports({ siteId: site.id, commentId: comment.id })).filter((r) => r.status === 'open').length;
  if (open < reportThreshold) return null;
  return decideComment(tx, deps, { site, actor: null, commentId: comment.id, verb: 'hold', reason: 'reported', phase: 'reports' });
}
