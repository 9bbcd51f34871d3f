// The OpenID Connect authorization code flow, with PKCE (S256) and a nonce, through
// openid-client. `beginOidc` builds the provider URL and the state to keep in the browser (the
// HTTP layer seals it into a signed, short-lived cookie); `finishOidc` checks the callback
// against that state (state, nonce, PKCE verifier, issuer, audience, signature) and returns
// the person's profile for externalAccounts.ts.
import * as client from 'openid-client';
import { AppError } from '../../domain/errors.js';
import type { OidcProviderRecord } from '../../store/store.js';
import type { ExternalProfile } from '../accounts/externalAccounts.js';
import { issuerAllowsHttp } from './providers.js';

export interface OidcFlowState {
  providerId: string;
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
  /** 'signin', or 'link' to connect the provider to the signed-in account `userId`. */
  mode: 'signin' | 'link';
  userId: string | null;
  /** Epoch ms after which the flow is refused. */
  expiresAt: number;
}

export const FLOW_TTL_MS = 10 * 60_000;
const DISCOVERY_TTL_MS = 3600_000;
const configs = new Map<string, { config: client.Configuration; at: number }>();

async function configFor(p: OidcProviderRecord): Promise<client.Configuration> {
  const key = `${p.id}|${p.issuer}|${p.clientId}|${p.clientSecret ?? ''}`;
  const cached = configs.get(key);
  if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.config;
  try {
    const config = await client.discovery(
      new URL(p.issuer),
      p.clientId,
      p.clientSecret ?? undefined,
      p.clientSecret ? client.ClientSecretPost(p.clientSecret) : client.None(),
      issuerAllowsHttp(p.issuer) ? { execute: [client.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
    );
    configs.set(key, { config, at: Date.now() });
    return config;
  } catch (err) {
    throw new AppError('oidc_failed', { detail: `The provider "${p.name}" could not be reached: ${(err as Error).message}` });
  }
}

export async function beginOidc(
  provider: OidcProviderRecord,
  input: { redirectUri: string; returnTo: string; mode: 'signin' | 'link'; userId: string | null; now: Date },
): Promise<{ url: URL; flow: OidcFlowState }> {
  const config = await configFor(provider);
  const verifier = client.randomPKCECodeVerifier();
  const flow: OidcFlowState = {
    providerId: provider.id,
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier,
    returnTo: input.returnTo,
    mode: input.mode,
    userId: input.userId,
    expiresAt: input.now.getTime() + FLOW_TTL_MS,
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: input.redirectUri,
    scope: provider.scopes.join(' '),
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: flow.state,
    nonce: flow.nonce,
  });
  return { url, flow };
}

export async function finishOidc(provider: OidcProviderRecord, input: { flow: OidcFlowState; callbackUrl: URL; redirectUri: string; now: Date }): Promise<ExternalProfile> {
  const { flow } = input;
  if (flow.providerId !== provider.id || flow.expiresAt < input.now.getTime()) throw new AppError('oidc_failed', { detail: 'The sign-in took too long or was started elsewhere; start again.' });
  const error = input.callbackUrl.searchParams.get('error');
  if (error) {
    const why = input.callbackUrl.searchParams.get('error_description') ?? error;
    throw new AppError('oidc_failed', { detail: `The provider answered: ${why.slice(0, 200)}` });
  }
  const config = await configFor(provider);
  let claims: client.IDToken | undefined;
  let accessToken: string;
  try {
    const tokens = await client.authorizationCodeGrant(
      config,
      input.callbackUrl,
      { pkceCodeVerifier: flow.verifier, expectedNonce: flow.nonce, expectedState: flow.state, idTokenExpected: true },
      undefined,
      { redirectUri: input.redirectUri } as never,
    );
    claims = tokens.claims();
    accessToken = tokens.access_token;
  } catch (err) {
    throw new AppError('oidc_failed', { detail: `The provider's answer was refused: ${(err as Error).message}` });
  }
  if (!claims) throw new AppError('oidc_failed', { detail: 'The provider sent no ID token.' });
  // Address and names may come in the ID token or only from the userinfo endpoint.
  let info: Record<string, unknown> = { ...claims };
  if (claims.email === undefined || claims.email_verified === undefined) {
    try {
      info = { ...(await client.fetchUserInfo(config, accessToken, claims.sub)), ...claims };
    } catch {
      // Without userinfo the person simply has no address here.
    }
  }
  const str = (v: unknown, max: number) => (typeof v === 'string' && v.trim() && v.length <= max ? v.trim() : null);
  return {
    provider: `oidc:${provider.id}`,
    subject: claims.sub,
    email: str(info.email, 254),
    emailVerified: info.email_verified === true,
    name: str(info.name, 120) ?? ([str(info.given_name, 60), str(info.family_name, 60)].filter(Boolean).join(' ') || null),
    preferredUsername: str(info.preferred_username, 60) ?? str(info.nickname, 60),
  };
}
