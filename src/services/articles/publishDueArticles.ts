// Puts scheduled articles live when their time comes. Safe to run from several processes at
// once: each article is promoted by one conditional update, and only its winner announces it.
import type { ServiceDeps } from '../deps.js';

export async function publishDueArticles(deps: ServiceDeps, opts: { limit?: number } = {}): Promise<string[]> {
  const now = deps.clock().toISOString();
  const due = await deps.store.listDueScheduled({ now, limit: opts.limit ?? 100 });
  const published: string[] = [];
  for (const article of due) {
    const won = await deps.store.promoteScheduled({ siteId: article.siteId, id: article.id, scheduledFor: article.scheduledFor!, now });
    if (!won) continue;
    published.push(article.id);
    deps.events.publish({ type: 'article.published', siteId: article.siteId, articleId: article.id });
  }
  return published;
}

/** Runs publishDueArticles every `everyMs` until stopped; failures are reported, not thrown. */
export function startScheduler(deps: ServiceDeps, opts: { everyMs?: number; onError?: (err: unknown) => void } = {}): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await publishDueArticles(deps);
    } catch (err) {
      opts.onError?.(err);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), opts.everyMs ?? 30_000);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
