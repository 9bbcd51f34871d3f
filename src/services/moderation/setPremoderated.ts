// setPremoderated: a restriction of kind "premoderate" with its statement to the person (see restrictUser.ts).
import type { ServiceDeps } from '../deps.js';
import { restrictUser, type RestrictInput } from './restrictUser.js';

export function setPremoderated(deps: ServiceDeps, input: Omit<RestrictInput, 'kind'>) {
  return restrictUser(deps, { ...input, kind: 'premoderate' });
}
