// Authors' bios, shown on their pages. An author exists as soon as an article names them; a bio
// is optional and set by the publish command (authors.yml) or the editor.
import { AppError } from '../../domain/errors.js';
import type { Actor, Site } from '../../domain/types.js';
import type { AuthorRecord } from '../../store/store.js';
import type { ServiceDeps } from '../deps.js';
import { assertMayPublish } from './saveArticle.js';
import { cleanName, termKey } from './terms.js';

export const MAX_BIO = 2000;

export async function saveAuthor(
  deps: Pick<ServiceDeps, 'store' | 'clock'>,
  req: { site: Site; actor: Actor | null; name: string; bio: string },
): Promise<{ author: AuthorRecord; outcome: 'created' | 'updated' | 'unchanged' }> {
  assertMayPublish(req.actor);
  const name = cleanName(req.name);
  const bio = req.bio.replace(/\r\n?/g, '\n').trim();
  const fields = [];
  if (!name || name.length > 120) fields.push({ field: 'name', code: 'invalid', message: 'Give the author a name of at most 120 characters.' });
  if (bio.length > MAX_BIO) fields.push({ field: 'bio', code: 'too_long', message: `The bio must be at most ${MAX_BIO} characters.` });
  if (fields.length) throw new AppError('validation_failed', { detail: fields.map((f) => f.message).join(' '), fields });
  const key = termKey(name);
  const now = deps.clock().toISOString();
  const existing = await deps.store.getAuthor({ siteId: req.site.id, key });
  if (existing && existing.name === name && existing.bio === bio) return { author: existing, outcome: 'unchanged' };
  const author: AuthorRecord = { siteId: req.site.id, key, name, bio, createdAt: existing?.createdAt ?? now, updatedAt: now };
  await deps.store.upsertAuthor(author);
  return { author, outcome: existing ? 'updated' : 'created' };
}
