// Usernames are ASCII letters, digits and underscores (no look-alike characters to impersonate
// someone); uniqueness ignores case.
export const USERNAME_PATTERN = /^[A-Za-z0-9_]{3,24}$/;

export function usernameKey(username: string): string {
  return username.normalize('NFKC').toLowerCase();
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
