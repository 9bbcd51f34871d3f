// A moderator approves a comment: a held one appears, a reported one stays with its reports
// dismissed, an unmoderated one counts as reviewed. Teaches the models "fine".
import type { ServiceDeps } from '../deps.js';
import { runCommentVerb, type VerbInput } from './commentVerbs.js';

export function approveComment(deps: ServiceDeps, input: VerbInput) {
  return runCommentVerb(deps, 'approve', input);
}
