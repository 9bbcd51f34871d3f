// "This may break our rules — edit or post anyway" (the site's warnBeforeHold option), decided on
// the server so the page bundle carries no code for it: the first time a text would be held for
// what it says, posting answers `may_break_rules` with the reasons next to the text; sending the
// same text again within 15 minutes posts it (and it is held for review as usual). Works the same
// for the JSON API, the hydrated composer and plain forms. Remembered per process.
import { createHash } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import type { Actor, Site } from '../../domain/types.js';
import type { ServiceDeps } from '../deps.js';
import { previewComment } from './previewComment.js';
import { siteRuntime } from './runtime.js';

const WINDOW_MS = 15 * 60_000;
const warned = new Map<string, number>();

export async function warnBeforePosting(deps: ServiceDeps, input: { site: Site; actor: Actor; articleId: string; body: string }): Promise<void> {
  if (!input.actor.user || !(await siteRuntime(deps.store, input.site.id)).settings.warnBeforeHold) return;
  const preview = await previewComment(deps, input);
  if (!preview.warn) return;
  const now = deps.clock().getTime();
  const key = createHash('sha256').update(`${input.site.id}|${input.actor.user.id}|${input.articleId}|${input.body.trim()}`).digest('base64url');
  const until = warned.get(key);
  if (until !== undefined && until > now) {
    warned.delete(key);
    return;
  }
  if (warned.size > 10_000) for (const [k, t] of warned) if (t <= now) warned.delete(k);
  warned.set(key, now + WINDOW_MS);
  const message = `This may break our rules (${preview.reasons.map((r) => r.label.toLowerCase()).join(', ')}). Edit your comment, or send it again unchanged to post it anyway: a moderator will review it first.`;
  throw new AppError('may_break_rules', { detail: message, fields: [{ field: 'body', code: 'may_break_rules', message }] });
}
