// Sign-up as readers do it: the account (signUp.ts), then a confirmation link to the address.
// An address that belongs to an imported, unclaimed profile gets a claim link instead.
import { AppError, isAppError } from '../../domain/errors.js';
import type { User } from '../../domain/types.js';
import { requestClaim } from './claimProfile.js';
import type { AccountDeps, LinkContext } from './deps.js';
import { signUp, type SignUpInput } from './signUp.js';
import { sendVerification } from './verifyEmail.js';

export async function registerAccount(deps: AccountDeps, input: SignUpInput & { links: LinkContext }): Promise<User> {
  let user: User;
  try {
    user = await signUp(deps, input);
  } catch (err) {
    if (isAppError(err) && err.code === 'email_taken' && err.fields?.some((f) => f.field === 'email')) {
      if (await requestClaim(deps, { email: input.email, siteId: input.site?.id ?? null, links: input.links })) {
        throw new AppError('profile_claimable', {
          fields: [{ field: 'email', code: 'profile_claimable', message: 'Comments imported from our old system use this address. We sent a link there to claim them as your account.' }],
        });
      }
    }
    throw err;
  }
  try {
    await sendVerification(deps, { userId: user.id, siteId: input.site?.id ?? null, links: input.links });
  } catch (err) {
    if (!isAppError(err) || err.code !== 'rate_limited') throw err;
  }
  return user;
}
