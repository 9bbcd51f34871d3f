// banUser: a restriction of kind "ban" with its statement to the person (see restrictUser.ts).
import type { ServiceDeps } from '../deps.js';
import { restrictUser, type RestrictInput } from './restrictUser.js';

export function banUser(deps: ServiceDeps, input: Omit<RestrictInput, 'kind'>) {
  return restrictUser(deps, { ...input, kind: 'ban' });
}
