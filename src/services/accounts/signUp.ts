// Creating a local account: a user, a password identity and a commenter membership on the site.
import { AppError } from '../../domain/errors.js';
import type { Site, User } from '../../domain/types.js';
import type { ServiceDeps } from '../deps.js';
import { hashPassword } from './passwords.js';
import { normalizeEmail, usernameKey } from './usernames.js';

export interface SignUpInput {
  site: Site | null;
  email: string;
  username: string;
  displayName?: string | undefined;
  password: string;
  isOperator?: boolean;
  emailVerified?: boolean;
}

export async function signUp(deps: Pick<ServiceDeps, 'store' | 'clock' | 'newId'>, input: SignUpInput): Promise<User> {
  const { store, clock, newId } = deps;
  const email = normalizeEmail(input.email);
  const key = usernameKey(input.username);
  const [byEmail, byName] = await Promise.all([store.findUserByEmail({ email }), store.findUserByUsernameKey({ usernameKey: key })]);
  const fields = [];
  if (byEmail) fields.push({ field: 'email', code: 'email_taken', message: 'An account with this email already exists. Sign in instead.' });
  if (byName) fields.push({ field: 'username', code: 'username_taken', message: 'This username is taken. Try another.' });
  if (fields.length) throw new AppError(byEmail ? 'email_taken' : 'username_taken', { fields });

  const secret = await hashPassword(input.password);
  const now = clock();
  const createdAt = now.toISOString();
  const id = newId(now.getTime());
  try {
    return await store.transaction(async (tx) => {
      const user = await tx.createUser({
        id,
        email,
        emailVerified: input.emailVerified ?? false,
        username: input.username,
        usernameKey: key,
        displayName: input.displayName?.trim() || input.username,
        isOperator: input.isOperator ?? false,
        createdAt,
      });
      await tx.createIdentity({ id: newId(now.getTime()), userId: id, provider: 'password', subject: id, secret, createdAt });
      if (input.site) await tx.setRole({ siteId: input.site.id, userId: id, role: 'commenter', createdAt });
      return user;
    });
  } catch (err) {
    // Two sign-ups racing for the same email or name: the unique index decides.
    if (/unique|duplicate/i.test(String((err as Error).message))) {
      throw new AppError('email_taken', { fields: [{ field: 'email', code: 'email_taken', message: 'An account with this email or username already exists.' }] });
    }
    throw err;
  }
}
