// Password sign-in with brute-force backoff (see throttle.ts). The answer to a wrong email and
// to a wrong password is the same, and takes about as long.
import { AppError } from '../../domain/errors.js';
import type { User } from '../../domain/types.js';
import type { AccountDeps } from './deps.js';
import { burnVerification, verifyPassword } from './passwords.js';
import { assertNotBlocked, clearFailures, deviceIdFor, newDeviceCookie, recordFailure, type ThrottleKey } from './throttle.js';
import { normalizeEmail, usernameKey } from './usernames.js';

export interface PasswordSignInInput {
  login: string;
  password: string;
  ip: string;
  /** The parley_device cookie, if the browser sent one. */
  deviceCookie?: string | undefined;
}

const refused = () => new AppError('invalid_credentials', { fields: [{ field: 'password', code: 'invalid_credentials', message: 'Email and password do not match.' }] });

export async function signInWithPassword(deps: AccountDeps, input: PasswordSignInInput): Promise<{ user: User; deviceCookie: string }> {
  const login = input.login.trim();
  const user = login.includes('@')
    ? await deps.store.findUserByEmail({ email: normalizeEmail(login) })
    : await deps.store.findUserByUsernameKey({ usernameKey: usernameKey(login) });
  const device = user ? deviceIdFor(deps.secret, input.deviceCookie, user.id) : null;
  // A known device is counted on its own; everyone else shares the account's and the IP's count.
  const keys: ThrottleKey[] = device
    ? [{ key: `device:${device}`, policy: 'device' }]
    : [
        { key: user ? `account:${user.id}` : `login:${login.toLowerCase()}`, policy: 'account' },
        { key: `ip:${input.ip}`, policy: 'ip' },
      ];
  await assertNotBlocked(deps, keys);

  const identity = user ? await deps.store.getIdentityForUser({ userId: user.id, provider: 'password' }) : undefined;
  if (!user || !identity?.secret) {
    await burnVerification(input.password);
    await recordFailure(deps, keys);
    throw refused();
  }
  if (!(await verifyPassword(identity.secret, input.password))) {
    await recordFailure(deps, keys);
    throw refused();
  }
  await clearFailures(deps, keys[0]!);
  return { user, deviceCookie: device ? input.deviceCookie! : newDeviceCookie(deps.secret, user.id) };
}
