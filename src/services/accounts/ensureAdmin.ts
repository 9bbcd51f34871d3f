// At start: make sure an operator account exists. With PARLEY_ADMIN_EMAIL/PASSWORD set, that
// account is created or brought in line (operator, admin of every site, that password).
// Without them, the first start creates an "admin" account with a random password and returns
// it once so it can be printed; later starts do nothing.
import { randomBytes } from 'node:crypto';
import type { ServiceDeps } from '../deps.js';
import { hashPassword } from './passwords.js';
import { signUp } from './signUp.js';
import { normalizeEmail, usernameKey } from './usernames.js';

async function freeUsername(deps: Pick<ServiceDeps, 'store'>, wanted: string): Promise<string> {
  const base = (wanted.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 20) || 'admin').padEnd(3, '_');
  for (let i = 0; ; i++) {
    const candidate = i === 0 ? base : `${base}${i}`;
    if (!(await deps.store.findUserByUsernameKey({ usernameKey: usernameKey(candidate) }))) return candidate;
  }
}

export async function ensureAdmin(
  deps: Pick<ServiceDeps, 'store' | 'clock' | 'newId'>,
  opts: { email?: string | undefined; password?: string | undefined },
): Promise<{ email: string; generatedPassword: string | null; created: boolean }> {
  const { store, clock } = deps;
  const sites = await store.listSites();
  let email: string;
  let password: string;
  let generated: string | null = null;
  if (opts.email && opts.password) {
    email = normalizeEmail(opts.email);
    password = opts.password;
  } else {
    if (await store.getSetting('admin_bootstrapped')) return { email: '', generatedPassword: null, created: false };
    email = 'admin@localhost';
    generated = randomBytes(12).toString('base64url');
    password = generated;
  }

  let user = await store.findUserByEmail({ email });
  let created = false;
  if (!user) {
    try {
      user = await signUp(deps, {
        site: null,
        email,
        username: await freeUsername(deps, email.split('@')[0] ?? 'admin'),
        displayName: 'Administrator',
        password,
        isOperator: true,
        emailVerified: true,
        trusted: true,
      });
      created = true;
    } catch (error) {
      // Another process starting on the same empty database got there first. Its account
      // stands; a generated password is its to print, a configured one is set below.
      user = await store.findUserByEmail({ email });
      if (!user) throw error;
      if (generated) return { email, generatedPassword: null, created: false };
    }
  }
  if (!created) {
    await store.setOperator({ userId: user.id, isOperator: true });
    const identity = await store.getIdentityForUser({ userId: user.id, provider: 'password' });
    const secret = await hashPassword(password);
    if (identity) await store.updateIdentitySecret({ id: identity.id, secret });
    else await store.createIdentity({ id: deps.newId(), userId: user.id, provider: 'password', subject: user.id, secret, createdAt: clock().toISOString() });
  }
  for (const site of sites) await store.setRole({ siteId: site.id, userId: user.id, role: 'admin', createdAt: clock().toISOString() });
  await store.setSettingIfAbsent('admin_bootstrapped', clock().toISOString());
  return { email, generatedPassword: generated, created };
}
