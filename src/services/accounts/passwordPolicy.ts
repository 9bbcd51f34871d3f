// What a new password must be: long enough, not absurdly long (argon2 input), and not one of
// the ~49,000 most common passwords that @zxcvbn-ts/language-common ships — also when it is
// only dressed up with capitals, a trailing number or punctuation ("Dragon2024!"), or spelled
// with the account's own name or address in it.
import { dictionary } from '@zxcvbn-ts/language-common';
import type { FieldError } from '../../domain/errors.js';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

/** Variants a common password hides behind: case, a trailing year or count, trailing symbols. */
function variants(password: string): string[] {
  const lower = password.toLowerCase();
  const trimmed = lower.replace(/[\d\W_]+$/u, '');
  const leading = lower.replace(/^[\d\W_]+/u, '');
  return [...new Set([lower, trimmed, leading, trimmed.replace(/^[\d\W_]+/u, '')])].filter((v) => v.length > 0);
}

export function isCommonPassword(password: string): boolean {
  const list = commonPasswords();
  const vs = variants(password);
  // The bare stem only counts when it made up most of the password ("password123" yes,
  // "iloveyou but backwards and long" no).
  return vs.some((v) => list.has(v) && (v === password.toLowerCase() || v.length * 2 >= password.length));
}

/** A field error for the password, or null when it is acceptable. */
export function checkNewPassword(password: string, owner: { email?: string | null; username?: string | null } = {}): FieldError | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return { field: 'password', code: 'password_too_short', message: `Use at least ${MIN_PASSWORD_LENGTH} characters.` };
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return { field: 'password', code: 'password_too_long', message: `Use at most ${MAX_PASSWORD_LENGTH} characters.` };
  }
  if (isCommonPassword(password)) {
    return { field: 'password', code: 'password_common', message: 'This password is on the list of the most common passwords, which are guessed first. Choose another.' };
  }
  // The account's own name or address, give or take digits and symbols ("Dana_R.2026").
  const letters = (s: string) => s.toLowerCase().replace(/[^\p{L}]/gu, '');
  const mine = letters(password);
  const personal = [owner.username, owner.email, owner.email?.split('@')[0]].map((x) => letters(x ?? '')).filter((x) => x.length >= 3);
  if (personal.includes(mine)) {
    return { field: 'password', code: 'password_personal', message: 'The password is mostly your username or email address. Choose something else.' };
  }
  if (new Set(password).size <= 2) {
    return { field: 'password', code: 'password_common', message: 'A password of one or two repeated characters is guessed at once. Choose another.' };
  }
  return null;
}
