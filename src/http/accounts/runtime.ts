// The account machinery one app instance runs: the account services' dependencies, the mail
// outbox worker, and the timer that deletes accounts whose grace period is over. Built once
// per HTTP app (from routes.ts) and stopped when the app closes.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccountDeps, LinkContext } from '../../services/accounts/deps.js';
import { createMailWorker, type MailWorker } from '../../services/mail/outbox.js';
import { createMailTransport, defaultSender } from '../../services/mail/transport.js';
import { purgeDueAccounts } from '../../services/privacy/deleteAccount.js';
import type { HttpDeps } from '../server.js';

export interface AccountRuntime {
  accounts: AccountDeps;
  mail: MailWorker;
}

const runtimes = new WeakMap<HttpDeps, AccountRuntime>();
const PURGE_EVERY_MS = 10 * 60_000;

export function startAccountRuntime(app: FastifyInstance, deps: HttpDeps): AccountRuntime {
  const existing = runtimes.get(deps);
  if (existing) return existing;
  const log = { ...deps.log, info: (obj: unknown, msg?: string) => (deps.log as { info?: (o: unknown, m?: string) => void }).info?.(obj, msg) };
  const transport = createMailTransport({ smtpUrl: deps.config.SMTP_URL, from: deps.config.MAIL_FROM ?? defaultSender(deps.config.PUBLIC_URL), log });
  const mail = createMailWorker({ store: deps.store, clock: deps.clock, transport, log: deps.log });
  const accounts: AccountDeps = {
    store: deps.store,
    clock: deps.clock,
    newId: deps.newId,
    events: deps.events,
    mail,
    secret: deps.secret,
    throttling: deps.config.PARLEY_RATE_LIMITS,
    deletionGraceDays: deps.config.PARLEY_DELETION_GRACE_DAYS,
  };
  if (transport.kind === 'smtp' && !deps.config.PUBLIC_URL) {
    deps.log.warn({}, 'SMTP_URL is set but PUBLIC_URL is not: links in account mail will use the host each request names. Set PUBLIC_URL in production.');
  }
  const purge = setInterval(() => {
    purgeDueAccounts(accounts).catch((err) => deps.log.error({ err }, 'deleting accounts past their grace period failed'));
  }, PURGE_EVERY_MS);
  purge.unref();
  app.addHook('onReady', async () => mail.wake());
  // Moderation queues statements of reasons as mail inside its decisions (issue 5); wake up for them.
  const unsubscribe = deps.events.subscribe((event) => {
    if (event.type === 'moderation.notice') mail.wake();
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    clearInterval(purge);
    await mail.stop();
  });
  const runtime = { accounts, mail };
  runtimes.set(deps, runtime);
  return runtime;
}

/** The account services' dependencies for this app (see startAccountRuntime). */
export function accountsOf(deps: HttpDeps): AccountDeps {
  const runtime = runtimes.get(deps);
  if (!runtime) throw new Error('account runtime not started');
  return runtime.accounts;
}

export function mailWorkerOf(deps: HttpDeps): MailWorker | undefined {
  return runtimes.get(deps)?.mail;
}

/** Where links in mail should point, and what the site is called. */
export function linksFor(deps: HttpDeps, req: FastifyRequest): LinkContext {
  const baseUrl = deps.config.PUBLIC_URL ?? `${req.protocol}://${req.host}`;
  return { baseUrl, siteName: req.parley.site.name, siteSlug: req.parley.site.slug };
}
