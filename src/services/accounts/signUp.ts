// Creating a local account: a user, a password identity and a commenter membership on the site.
import { AppError, type FieldError } from '../../domain/errors.js';
import type { Site, User } from '../../domain/types.js';
import type { ServiceDeps } from '../deps.js';
import { hashPassword } from './passwords.js';
import { normalizeEmail, usernameKey } from './usernames.js';
import { checkDisplayName, checkUsername, normalizeDisplayName } from './names.js';
import { checkNewPassword } from './passwordPolicy.js';

export interface SignUpInput {
  site: Site | null;
  email: string;
  username: string;
  displayName?: string | undefined;
  password: string;
  isOperator?: boolean;
  emailVerified?: boolean;
  /** Set by the operator's own tools (the admin at start, the CLI): skips the password list and the impersonation rules. */
  trusted?: boolean;
}

export async function signUp(deps: Pick<ServiceDeps, 'store' | 'clock' | 'newId'>, input: SignUpInput): Promise<User> {
  const { store, clock, newId } = deps;
  const email = normalizeEmail(input.email);
  const key = usernameKey(input.username);
  const [byEmail, byName] = await Promise.all([store.findUserByEmail({ email }), store.findUserByUsernameKey({ usernameKey: key })]);
  const fields: FieldError[] = [];
  if (byEmail) fields.push({ field: 'email', code: 'email_taken', message: 'An account with this email already exists. Sign in instead.' });
  if (byName) fields.push({ field: 'username', code: 'username_taken', message: 'This username is taken. Try another.' });
  if (fields.length) throw new AppError(byEmail ? 'email_taken' : 'username_taken', { fields });
  // Password list and name rules
  const displayName = normalizeDisplayName(input.displayName ?? '') ?? input.username;
  if (!input.trusted) {
    const privileged = await store.listPrivilegedNames();
    const problems = [
      checkUsername(input.username, { privileged, selfId: null }),
      input.displayName?.trim() ? checkDisplayName(displayName, { privileged, selfId: null }) : null,
      checkNewPassword(input.password, { email, username: input.username }),
    ].filter((f): f is FieldError => f !== null);
    if (problems.length) throw new AppError('validation_failed', { detail: problems.map((f) => f.message).join(' '), fields: problems });
  }

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
        displayName,
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
