// Events published after a write commits: live updates, cache invalidation and jobs hang off
// these, never off the write itself. In one process this is an in-memory fan-out; the embed
// issue adds a Redis transport with the same interface for several processes.
import { createEventIds } from './event-ids.js';

export type ParleyEvent =
  | { type: 'comment.created'; siteId: string; articleId: string; commentId: string; visible: boolean }
  | { type: 'comment.updated'; siteId: string; articleId: string; commentId: string }
  | { type: 'comment.deleted'; siteId: string; articleId: string; commentId: string }
  | { type: 'comment.reacted'; siteId: string; articleId: string; commentId: string }
  | { type: 'comment.reported'; siteId: string; articleId: string; commentId: string }
  | { type: 'article.published'; siteId: string; articleId: string }
  | { type: 'article.updated'; siteId: string; articleId: string }
  | { type: 'article.unpublished'; siteId: string; articleId: string }
  | { type: 'comment.moderated'; siteId: string; articleId: string; commentId: string; status: string; visible: boolean }
  | { type: 'article.moderation_changed'; siteId: string; articleId: string }
  /** A statement of reasons or another notice for `userId` (mail can hang off this). */
  | { type: 'moderation.notice'; siteId: string; articleId: string; userId: string; statementId: string };

/**
 * Delivery details of an event. `id` is unique across processes and starts with the publish time
 * in base 36 (see src/realtime/event-ids.ts); live streams use it as the SSE event id.
 */
export interface EventMeta {
  id: string;
}

export type Listener = (event: ParleyEvent, meta: EventMeta) => void;

export interface EventBus {
  publish(event: ParleyEvent): void;
  subscribe(listener: Listener): () => void;
  close(): Promise<void>;
}

export function createMemoryBus(onError: (err: unknown) => void = () => {}): EventBus {
  const listeners = new Set<Listener>();
  const nextId = createEventIds();
  return {
    publish(event) {
      const meta = { id: nextId() };
      for (const listener of listeners) {
        try {
          listener(event, meta);
        } catch (err) {
          onError(err);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
    },
  };
}
