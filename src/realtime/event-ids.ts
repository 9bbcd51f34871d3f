// Ids of bus events: `<publish time in ms, base 36>.<process tag>.<sequence, base 36>`. Unique
// across processes without coordination (the tag is random per process), readable, and their
// time part says when the event happened, which the live streams use to judge a resume.
import { randomBytes } from 'node:crypto';

export function createEventIds(now: () => number = Date.now): () => string {
  const tag = randomBytes(4).toString('hex');
  let seq = 0;
  return () => `${now().toString(36)}.${tag}.${(seq++).toString(36)}`;
}

/** Publish time of an event id in ms, or NaN when the id is not one of ours. */
export function eventIdTime(id: string): number {
  const dot = id.indexOf('.');
  if (dot <= 0 || dot > 12) return Number.NaN;
  const t = Number.parseInt(id.slice(0, dot), 36);
  return Number.isFinite(t) ? t : Number.NaN;
}
