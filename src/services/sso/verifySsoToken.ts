// Host-site single sign-on: the newsroom's own site signs a short-lived JWT for its signed-in
// reader, and Parley accepts it on the article page and in the embed.
//
// Accepted: HS256 with the site's shared secret, or RS256 / ES256 / EdDSA checked against the
// site's JWKS URL. Checked: signature and algorithm (no "none", no HS256 on a JWKS site), `iss`
// and `aud` equal to the site's settings, `exp` in the future and `iat` in the past (30 s
// leeway), a lifetime of at most 10 minutes, and a `jti` never seen before (replays refused).
// Claims read: `sub` (the reader's id at the host), `email`, `email_verified`, `name`,
// `preferred_username` (or `username`), and `role` (or `badge`) — staff, moderator, … capped
// at the site's role ceiling.
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { AppError } from '../../domain/errors.js';
import { ROLES, type Role, type Site } from '../../domain/types.js';
import { getSignInSettings, type SsoSettings } from '../accounts/siteSettings.js';
import type { ServiceDeps } from '../deps.js';

export const SSO_MAX_LIFETIME_S = 600;
const LEEWAY_S = 30;
const JWKS_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];

export interface SsoClaims {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  username: string | null;
  /** The role the host asserts (already capped at the site's ceiling), or null. */
  role: Role | null;
  ceiling: Role;
  expiresAt: string;
}

const jwksCache = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
function remoteKeys(url: string) {
  let set = jwksCache.get(url);
  if (!set) {
    set = createRemoteJWKSet(new URL(url), { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    jwksCache.set(url, set);
  }
  return set;
}

const invalid = (why: string) => new AppError('sso_token_invalid', { detail: `The sign-in token from the site was refused: ${why}.` });

function explain(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof joseErrors.JWTExpired) return invalid('it has expired');
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    const claim = err.claim;
    if (claim === 'iss') return invalid('it was issued by someone else (iss)');
    if (claim === 'aud') return invalid('it is meant for someone else (aud)');
    if (claim === 'iat') return invalid('its issue time is in the future or too long ago (iat)');
    return invalid(`the claim "${claim}" is missing or wrong`);
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return invalid('it is signed with an algorithm this site does not accept');
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return invalid('its signature does not match');
  if (err instanceof joseErrors.JWKSNoMatchingKey) return invalid('no key of the site matches its signature');
  if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JOSEError) return invalid(err.message);
  return invalid('it could not be read');
}

const rankOf: Record<Role, number> = { commenter: 0, staff: 1, moderator: 2, admin: 3 };

function readClaims(payload: JWTPayload, settings: SsoSettings): Omit<SsoClaims, 'expiresAt'> {
  const str = (v: unknown, max: number) => (typeof v === 'string' && v.trim() && v.length <= max ? v.trim() : null);
  const subject = str(payload.sub, 200);
  if (!subject) throw invalid('it has no subject (sub)');
  const email = str(payload.email, 254);
  const asserted = str(payload.role, 20) ?? str(payload.badge, 20);
  let role: Role | null = asserted && (ROLES as readonly string[]).includes(asserted) ? (asserted as Role) : null;
  if (role && rankOf[role] > rankOf[settings.roleCeiling]) role = settings.roleCeiling;
  return {
    subject,
    email: email && /^[^\s@]+@[^\s@]+$/.test(email) ? email : null,
    emailVerified: payload.email_verified === true,
    name: str(payload.name, 120),
    username: str(payload.preferred_username, 60) ?? str(payload.username, 60),
    role,
    ceiling: settings.roleCeiling,
  };
}

/**
 * Verifies a host-site SSO token for `site` and returns its claims; throws `sso_token_invalid`
 * (401) with the reason, or `sso_not_configured` (404). Each token is accepted once.
 */
export async function verifySsoToken(deps: Pick<ServiceDeps, 'store' | 'clock'>, site: Site, token: string): Promise<SsoClaims> {
  const { sso } = await getSignInSettings(deps.store, site.id);
  if (!sso) throw new AppError('sso_not_configured');
  if (typeof token !== 'string' || token.length > 8192 || token.split('.').length !== 3) throw invalid('it is not a JWT');
  const now = deps.clock();
  let payload: JWTPayload;
  try {
    const options = {
      issuer: sso.issuer,
      audience: sso.audience,
      currentDate: now,
      clockTolerance: LEEWAY_S,
      maxTokenAge: SSO_MAX_LIFETIME_S + LEEWAY_S,
      requiredClaims: ['exp', 'iat', 'jti', 'sub'],
    };
    payload =
      sso.mode === 'hs256'
        ? (await jwtVerify(token, new TextEncoder().encode(sso.secret), { ...options, algorithms: ['HS256'] })).payload
        : (await jwtVerify(token, remoteKeys(sso.jwksUrl), { ...options, algorithms: JWKS_ALGORITHMS })).payload;
  } catch (err) {
    throw explain(err);
  }
  const exp = payload.exp!;
  const iat = payload.iat!;
  if (exp - iat > SSO_MAX_LIFETIME_S) throw invalid(`it lives longer than ${SSO_MAX_LIFETIME_S / 60} minutes (exp − iat)`);
  const jti = typeof payload.jti === 'string' && payload.jti.length > 0 && payload.jti.length <= 200 ? payload.jti : null;
  if (!jti) throw invalid('it has no token id (jti)');
  const claims = readClaims(payload, sso);
  const expiresAt = new Date((exp + LEEWAY_S) * 1000).toISOString();
  const fresh = await deps.store.rememberSsoJti({ siteId: site.id, jti, expiresAt, now: now.toISOString() });
  if (!fresh) throw invalid('it has been used before (replay)');
  return { ...claims, expiresAt };
}
