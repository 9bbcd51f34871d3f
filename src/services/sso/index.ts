// Host-site single sign-on. The embed (issue 7) and the article page call these:
//   verifySsoToken(deps, site, token) → the verified claims (each token once), or throws
//     AppError 'sso_token_invalid' (401, detail says why) / 'sso_not_configured' (404);
//   signInWithSso(deps, { site, token }) → { user, created }: verifies, then finds, links or
//     creates the account and applies the asserted role; start a session for `user` after.
export { verifySsoToken, SSO_MAX_LIFETIME_S, type SsoClaims } from './verifySsoToken.js';
export { signInWithSso } from './signInWithSso.js';
