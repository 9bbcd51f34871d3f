// Pin (or unpin) a comment at the head of the "Featured" list; pinning also features it.
import type { ServiceDeps } from '../deps.js';
import { flagComment } from './flagComment.js';
import type { Actor, Site } from '../../domain/types.js';

export function pinComment(deps: ServiceDeps, input: { site: Site; actor: Actor; commentId: string; pinned: boolean }) {
  return flagComment(deps, { ...input, flag: input.pinned ? 'pin' : 'unpin' });
}
