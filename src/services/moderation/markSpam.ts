// A moderator marks a comment as spam: removed like a rejection (reason "spam"), and the site's
// spam model learns from it.
import type { ServiceDeps } from '../deps.js';
import { runCommentVerb, type VerbInput } from './commentVerbs.js';

export function markSpam(deps: ServiceDeps, input: VerbInput) {
  return runCommentVerb(deps, 'spam', { ...input, reason: 'spam' });
}
