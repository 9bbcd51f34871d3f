// A moderator removes a comment with a reason code. A comment with replies stays as a tombstone
// (showing the reason when the site says so); the author gets a statement of reasons.
import { AppError } from '../../domain/errors.js';
import { REMOVAL_REASONS } from '../../domain/moderation/reasons.js';
import type { ServiceDeps } from '../deps.js';
import { runCommentVerb, type VerbInput } from './commentVerbs.js';

export function rejectComment(deps: ServiceDeps, input: VerbInput) {
  if (!input.reason || !(REMOVAL_REASONS as readonly string[]).includes(input.reason)) {
    throw new AppError('validation_failed', { fields: [{ field: 'reason', code: 'required', message: `Choose a reason: ${REMOVAL_REASONS.join(', ')}.` }] });
  }
  return runCommentVerb(deps, 'reject', input);
}
