// `parley accounts …`: the operator's tools for accounts and sign-in, for when there is no admin
// page at hand (first setup, scripts). Every change goes to the audit log with no actor (the
// command line).
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.js';
import { isAppError } from '../../domain/errors.js';
import { createUlidGenerator, systemClock } from '../../domain/ids.js';
import { ROLES, type Role } from '../../domain/types.js';
import { createMemoryBus } from '../../realtime/bus.js';
import { connect, migrateToLatest } from '../../store/connect.js';
import { KyselyStore } from '../../store/kysely-store.js';
import type { Store } from '../../store/store.js';
import { addProvider, removeProvider, providerBySlug } from '../oidc/providers.js';
import { purgeDueAccounts } from '../privacy/deleteAccount.js';
import { recordAudit } from './audit.js';
import { updateSignInSettings, type SiteSignInSettings } from './siteSettings.js';
import { normalizeEmail, usernameKey } from './usernames.js';
import { CliUsageError } from '../../cli-usage.js';

export const ACCOUNTS_HELP = `  accounts purge        Delete the accounts whose deletion grace period is over
  accounts role         Set someone's role on a site
      --site SLUG --user EMAIL|USERNAME --role commenter|staff|moderator|admin|none
  accounts sso          Set up single sign-on from the site's own login (see docs/accounts.md)
      --site SLUG (--hs256-secret SECRET | --jwks-url URL | --off)
      --issuer ISS --audience AUD [--role-ceiling commenter|staff|moderator|admin]
  accounts oidc add     Add an OpenID Connect provider to a site
      --site SLUG --slug SHORT --name NAME --issuer URL --client-id ID
      [--client-secret SECRET] [--scopes "openid email profile"]
  accounts oidc list    List a site's providers (and the redirect URI to register)
      --site SLUG
  accounts oidc remove  Remove a provider: --site SLUG --slug SHORT`;

export class AccountsUsageError extends CliUsageError {}

async function withStore<T>(fn: (deps: { store: Store; clock: typeof systemClock; newId: ReturnType<typeof createUlidGenerator>; events: ReturnType<typeof createMemoryBus> }) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const connection = connect(config.database);
  try {
    await migrateToLatest(connection.db);
    const store = new KyselyStore(connection.db, connection.dialect);
    return await fn({ store, clock: systemClock, newId: createUlidGenerator(), events: createMemoryBus() });
  } finally {
    await connection.close();
  }
}

async function siteOf(store: Store, slug: string | undefined) {
  if (!slug) throw new AccountsUsageError('missing --site SLUG');
  const site = await store.getSiteBySlug({ slug });
  if (!site) throw new AccountsUsageError(`no site "${slug}"`);
  return site;
}

function describeError(err: unknown): string {
  if (isAppError(err)) return err.fields?.length ? err.fields.map((f) => `${f.field}: ${f.message}`).join('; ') : err.message;
  return (err as Error).message;
}

export async function runAccountsCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  try {
    switch (sub) {
      case 'purge':
        return await withStore(async (deps) => {
          const ids = await purgeDueAccounts(deps, 10_000);
          console.log(ids.length ? `Deleted ${ids.length} account(s) past their grace period.` : 'No account is due for deletion.');
          return 0;
        });
      case 'role':
        return await role(rest);
      case 'sso':
        return await sso(rest);
      case 'oidc':
        return await oidc(rest);
      default:
        throw new AccountsUsageError(`unknown command: accounts ${sub ?? ''}`.trim());
    }
  } catch (err) {
    if (err instanceof AccountsUsageError) throw err;
    if (isAppError(err)) {
      console.error(`parley: ${describeError(err)}`);
      return 1;
    }
    throw err;
  }
}

async function role(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { site: { type: 'string' }, user: { type: 'string' }, role: { type: 'string' } } });
  if (!values.user || !values.role) throw new AccountsUsageError('accounts role needs --site, --user and --role');
  if (values.role !== 'none' && !ROLES.includes(values.role as Role)) throw new AccountsUsageError(`--role must be one of ${ROLES.join(', ')}, none`);
  return withStore(async (deps) => {
    const site = await siteOf(deps.store, values.site);
    const login = values.user!;
    const user = login.includes('@') ? await deps.store.findUserByEmail({ email: normalizeEmail(login) }) : await deps.store.findUserByUsernameKey({ usernameKey: usernameKey(login) });
    if (!user) throw new AccountsUsageError(`no account "${login}"`);
    const from = (await deps.store.getMembership({ siteId: site.id, userId: user.id }))?.role ?? null;
    const to = values.role === 'none' ? null : (values.role as Role);
    await deps.store.transaction(async (tx) => {
      if (to) await tx.setRole({ siteId: site.id, userId: user.id, role: to, createdAt: deps.clock().toISOString() });
      else await tx.deleteMembership({ siteId: site.id, userId: user.id });
      await recordAudit(tx, deps, { siteId: site.id, actorId: null, action: 'role.changed', targetUserId: user.id, details: { from, to, by: 'command_line' } });
    });
    console.log(`${user.username} is now ${to ?? 'not a member'} on ${site.slug} (was ${from ?? 'not a member'}).`);
    return 0;
  });
}

async function sso(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      site: { type: 'string' },
      'hs256-secret': { type: 'string' },
      'jwks-url': { type: 'string' },
      off: { type: 'boolean', default: false },
      issuer: { type: 'string' },
      audience: { type: 'string' },
      'role-ceiling': { type: 'string', default: 'staff' },
    },
  });
  const modes = [values['hs256-secret'] !== undefined, values['jwks-url'] !== undefined, values.off].filter(Boolean).length;
  if (modes !== 1) throw new AccountsUsageError('accounts sso needs exactly one of --hs256-secret, --jwks-url or --off');
  if (!values.off && (!values.issuer || !values.audience)) throw new AccountsUsageError('accounts sso needs --issuer and --audience');
  const common = { issuer: values.issuer!, audience: values.audience!, roleCeiling: values['role-ceiling'] as Role };
  const next = values.off
    ? null
    : values['hs256-secret'] !== undefined
      ? { mode: 'hs256' as const, secret: values['hs256-secret'], ...common }
      : { mode: 'jwks' as const, jwksUrl: values['jwks-url']!, ...common };
  return withStore(async (deps) => {
    const site = await siteOf(deps.store, values.site);
    try {
      await updateSignInSettings(deps, { siteId: site.id, actorId: null, patch: { sso: next as SiteSignInSettings['sso'] } });
    } catch (err) {
      const issues = (err as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
      if (issues) throw new AccountsUsageError(`invalid SSO settings: ${issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ')}`);
      throw err;
    }
    console.log(next ? `Single sign-on for ${site.slug}: ${next.mode === 'hs256' ? 'HS256 with the shared secret' : `keys from ${next.jwksUrl}`}, issuer ${common.issuer}, audience ${common.audience}.` : `Single sign-on is off for ${site.slug}.`);
    return 0;
  });
}

async function oidc(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      site: { type: 'string' },
      slug: { type: 'string' },
      name: { type: 'string' },
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      scopes: { type: 'string' },
    },
  });
  return withStore(async (deps) => {
    const site = await siteOf(deps.store, values.site);
    const base = loadConfig().PUBLIC_URL ?? 'http://localhost:3000';
    switch (action) {
      case 'add': {
        const p = await addProvider(deps, {
          siteId: site.id,
          actorId: null,
          provider: {
            slug: values.slug ?? '',
            name: values.name ?? '',
            issuer: values.issuer ?? '',
            clientId: values['client-id'] ?? '',
            clientSecret: values['client-secret'] ?? null,
            ...(values.scopes ? { scopes: values.scopes.split(/[\s,]+/).filter(Boolean) } : {}),
          },
        });
        console.log(`Added ${p.name} (${p.slug}) to ${site.slug}. Register this redirect URI at the provider:\n  ${new URL(`/auth/oidc/${p.id}/callback`, base)}`);
        return 0;
      }
      case 'list': {
        const providers = await deps.store.listOidcProviders({ siteId: site.id });
        if (!providers.length) console.log(`${site.slug} has no OpenID Connect providers.`);
        for (const p of providers) console.log(`${p.slug}\t${p.name}\t${p.issuer}\tclient ${p.clientId}\t${new URL(`/auth/oidc/${p.id}/callback`, base)}`);
        return 0;
      }
      case 'remove': {
        const p = await providerBySlug(deps, site.id, values.slug ?? '');
        await removeProvider(deps, { siteId: site.id, actorId: null, id: p.id });
        console.log(`Removed ${p.name} from ${site.slug}.`);
        return 0;
      }
      default:
        throw new AccountsUsageError(`unknown command: accounts oidc ${action ?? ''}`.trim());
    }
  });
}
