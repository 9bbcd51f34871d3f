// The mail outbox. A service writes the mail in the same transaction as the change that causes
// it (a token, a new address), so a mail exists exactly when its change committed; after the
// commit it wakes the worker, which claims due mails (compare-and-set, so several processes can
// run workers on one database), sends them, and clears their bodies (they hold links with
// tokens). Failures are retried with backoff; a timer picks up anything a crash left behind.
import type { Clock, IdGenerator } from '../../domain/ids.js';
import type { OutboxMail, Store } from '../../store/store.js';
import type { RenderedMail } from './templates.js';
import type { MailTransport } from './transport.js';

export interface MailQueue {
  /** Call after the transaction that queued mail has committed. */
  wake(): void;
}

/** Writes one mail into the outbox; pass the transaction's store. */
export async function queueMail(store: Store, deps: { clock: Clock; newId: IdGenerator }, to: string, mail: RenderedMail): Promise<void> {
  const now = deps.clock();
  await store.enqueueMail({ id: deps.newId(now.getTime()), kind: mail.kind, to, subject: mail.subject, text: mail.text, html: mail.html, createdAt: now.toISOString() });
}

const MAX_ATTEMPTS = 8;
const STALE_MS = 10 * 60_000;
const POLL_MS = 30_000;

function backoffMs(attempts: number): number {
  return Math.min(60_000 * 2 ** (attempts - 1), 6 * 3600_000);
}

export interface MailWorker extends MailQueue {
  /** Sends everything due now; resolves when done. */
  drain(): Promise<void>;
  /** Resolves when no drain is running. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function createMailWorker(deps: {
  store: Store;
  clock: Clock;
  transport: MailTransport;
  log: { error(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
  pollMs?: number;
}): MailWorker {
  const { store, clock, transport, log } = deps;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  async function sendOne(mail: OutboxMail): Promise<void> {
    try {
      if (mail.text === null || mail.html === null) throw new Error('mail body missing');
      await transport.send({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      await store.markMailSent({ id: mail.id, sentAt: clock().toISOString() });
    } catch (err) {
      const attempts = mail.attempts + 1;
      const final = attempts >= MAX_ATTEMPTS;
      const message = err instanceof Error ? err.message : String(err);
      log.warn({ mailId: mail.id, kind: mail.kind, attempts, final, err: message }, 'sending mail failed');
      await store.markMailFailed({ id: mail.id, attempts, final, error: message, nextAttemptAt: new Date(clock().getTime() + backoffMs(attempts)).toISOString() });
    }
  }

  async function drainOnce(): Promise<void> {
    for (;;) {
      const now = clock();
      const batch = await store.claimDueMail({ now: now.toISOString(), staleBefore: new Date(now.getTime() - STALE_MS).toISOString(), limit: 20 });
      for (const mail of batch) await sendOne(mail);
      if (batch.length < 20 || stopped) return;
    }
  }

  function drain(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await drainOnce();
        } while (again && !stopped);
      } catch (err) {
        log.error({ err }, 'mail outbox worker failed');
      } finally {
        running = null;
      }
    })();
    return running;
  }

  const timer = setInterval(() => void drain(), deps.pollMs ?? POLL_MS);
  timer.unref();

  return {
    wake() {
      if (!stopped) void drain();
    },
    drain,
    async idle() {
      while (running) await running;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running) await running;
      transport.close();
    },
  };
}
