import { AppError } from '../../domain/errors.js';
import type { SiteSettings } from '../../domain/types.js';

/** Normalizes a comment body (line endings, trailing space) and checks its length. */
export function cleanCommentBody(raw: string, settings: Pick<SiteSettings, 'maxCommentLength'>): string {
  const body = raw.replace(/\r\n?/g, '\n').replace(/\u0000/g, '').trim();
  if (body.length === 0) {
    throw new AppError('comment_empty', { fields: [{ field: 'body', code: 'comment_empty', message: 'Write something before posting.' }] });
  }
  if (body.length > settings.maxCommentLength) {
    throw new AppError('comment_too_long', {
      detail: `Comments can be at most ${settings.maxCommentLength} characters; this one has ${body.length}.`,
      fields: [{ field: 'body', code: 'comment_too_long', message: `At most ${settings.maxCommentLength} characters (now ${body.length}).` }],
    });
  }
  return body;
}
