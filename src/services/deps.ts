// What services need from the outside world, passed explicitly by the composition root.
import type { CommentPreparer } from './comments/prepare-pool.js';
import type { Clock, IdGenerator } from '../domain/ids.js';
import type { EventBus } from '../realtime/bus.js';
import type { Store } from '../store/store.js';

export interface ServiceDeps {
  store: Store;
  clock: Clock;
  newId: IdGenerator;
  events: EventBus;
  /** Absolute base of links in mail written outside a request (PUBLIC_URL, else this server's address). */
  publicUrl?: string;
  /** Renders and analyses new comments, on worker threads when there are any (prepare-pool.ts). */
  prepare?: CommentPreparer;
}
