// Events published after a write commits: live updates, cache invalidation and jobs hang off
// these, never off the write itself. In one process this is an in-memory fan-out; the embed
// issue adds a Redis transport with the same interface for several processes.

export type ParleyEvent =
  | { type: 'comment.created'; siteId: string; articleId: string; commentId: string; visible: boolean }
  | { type: 'comment.updated'; siteId: string; articleId: string; commentId: string }
  | { type: 'comment.deleted'; siteId: string; articleId: string; commentId: string }
  | { type: 'comment.reacted'; siteId: string; articleId: string; commentId: string }
  | { type: 'comment.reported'; siteId: string; articleId: string; commentId: string };

export type Listener = (event: ParleyEvent) => void;

export interface EventBus {
  publish(event: ParleyEvent): void;
  subscribe(listener: Listener): () => void;
  close(): Promise<void>;
}

export function createMemoryBus(onError: (err: unknown) => void = () => {}): EventBus {
  const listeners = new Set<Listener>();
  return {
    publish(event) {
      for (const listener of listeners) {
        try {
          listener(event);
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
