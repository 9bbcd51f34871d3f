// Per-site sign-in settings, kept in site_accounts (apart from sites.settings, because the SSO
// secret must never travel with the site). Parsed leniently: a stored value that no longer
// fits falls back to the default rather than breaking sign-in.
import { z } from 'zod';
import { ROLES } from '../../domain/types.js';
import type { Store } from '../../store/store.js';
import { recordAudit } from './audit.js';
import type { AccountDeps } from './deps.js';

const Role = z.enum(ROLES as unknown as ['commenter', 'staff', 'moderator', 'admin']);

export const SsoSettings = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('hs256'),
    /** Shared secret, at least 32 characters. */
    secret: z.string().min(32, 'Use a secret of at least 32 characters'),
    issuer: z.string().min(1).max(300),
    audience: z.string().min(1).max(300),
    roleCeiling: Role.default('staff'),
  }),
  z.object({
    mode: z.literal('jwks'),
    jwksUrl: z.url().max(1000),
    issuer: z.string().min(1).max(300),
    audience: z.string().min(1).max(300),
    roleCeiling: Role.default('staff'),
  }),
]);
export type SsoSettings = z.infer<typeof SsoSettings>;

export const SiteSignInSettings = z.object({
  /** Host-site single sign-on; null when the site does not use it. */
  sso: SsoSettings.nullable().default(null),
  /** What becomes of a deleted account's comments on this site. */
  deletedAccountComments: z.enum(['anonymize', 'remove']).default('anonymize'),
  /** Whether readers may ask for an emailed sign-in link. */
  signInLinks: z.boolean().default(true),
});
export type SiteSignInSettings = z.infer<typeof SiteSignInSettings>;

export const DEFAULT_SIGN_IN_SETTINGS: SiteSignInSettings = SiteSignInSettings.parse({});

export async function getSignInSettings(store: Store, siteId: string): Promise<SiteSignInSettings> {
  const raw = await store.getSiteAccountSettings({ siteId });
  if (!raw) return DEFAULT_SIGN_IN_SETTINGS;
  const parsed = SiteSignInSettings.safeParse(raw);
  if (parsed.success) return parsed.data;
  // Keep what still parses, field by field.
  const out = { ...DEFAULT_SIGN_IN_SETTINGS };
  for (const key of Object.keys(out) as (keyof SiteSignInSettings)[]) {
    const one = SiteSignInSettings.shape[key].safeParse(raw[key]);
    if (one.success) (out as Record<string, unknown>)[key] = one.data;
  }
  return out;
}

/** The settings as admins see them: the SSO secret is never shown, only whether it is set. */
export function presentSignInSettings(s: SiteSignInSettings) {
  return {
    sso: s.sso ? (s.sso.mode === 'hs256' ? { ...s.sso, secret: undefined, secretSet: true } : { ...s.sso, secretSet: false }) : null,
    deletedAccountComments: s.deletedAccountComments,
    signInLinks: s.signInLinks,
  };
}

export async function updateSignInSettings(
  deps: Pick<AccountDeps, 'store' | 'clock' | 'newId'>,
  input: { siteId: string; actorId: string | null; patch: Partial<SiteSignInSettings>; ip?: string | null },
): Promise<SiteSignInSettings> {
  const current = await getSignInSettings(deps.store, input.siteId);
  const next = SiteSignInSettings.parse({ ...current, ...input.patch });
  await deps.store.transaction(async (tx) => {
    await tx.putSiteAccountSettings({ siteId: input.siteId, settings: next as unknown as Record<string, unknown>, updatedAt: deps.clock().toISOString() });
    const changed = Object.keys(input.patch);
    await recordAudit(tx, deps, { siteId: input.siteId, actorId: input.actorId, action: 'site.sign_in_settings_changed', targetUserId: null, details: { changed, ssoMode: next.sso?.mode ?? null }, ip: input.ip ?? null });
  });
  return next;
}
