// Feature (or stop featuring) a comment in the discussion's "Featured" list.
import type { ServiceDeps } from '../deps.js';
import { flagComment } from './flagComment.js';
import type { Actor, Site } from '../../domain/types.js';

export function featureComment(deps: ServiceDeps, input: { site: Site; actor: Actor; commentId: string; featured: boolean }) {
  return flagComment(deps, { ...input, flag: input.featured ? 'feature' : 'unfeature' });
}
