// OpenID Connect providers, any number per site: an issuer, a client id and secret registered
// there, and the scopes to ask for. Admins manage them (API, CLI); each change is audited.
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import type { OidcProviderRecord } from '../../store/store.js';
import { recordAudit } from '../accounts/audit.js';
import type { ServiceDeps } from '../deps.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** https issuers only, except on the loopback interface (local development and tests). */
export function issuerAllowsHttp(issuer: string): boolean {
  const url = new URL(issuer);
  return url.protocol === 'http:' && LOOPBACK.has(url.hostname);
}

export const ProviderInput = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/, 'Lower-case letters, digits and dashes, up to 31'),
  name: z.string().trim().min(1).max(60),
  issuer: z
    .url()
    .max(500)
    .refine((v) => v.startsWith('https://') || issuerAllowsHttp(v), 'The issuer must use https (plain http only on the loopback interface)'),
  clientId: z.string().min(1).max(300),
  clientSecret: z.string().min(1).max(500).nullable().default(null),
  scopes: z
    .array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'Not a valid scope'))
    .max(20)
    .default(['openid', 'email', 'profile'])
    .transform((s) => [...new Set(['openid', ...s])]),
});
export type ProviderInput = z.input<typeof ProviderInput>;

/** A provider as admins see it: the client secret is never shown. */
export function presentProvider(p: OidcProviderRecord) {
  return { id: p.id, slug: p.slug, name: p.name, issuer: p.issuer, clientId: p.clientId, clientSecretSet: p.clientSecret !== null, scopes: p.scopes, createdAt: p.createdAt };
}

function parse(input: unknown) {
  const r = ProviderInput.safeParse(input);
  if (!r.success) {
    const fields = r.error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'body', code: i.code, message: i.message }));
    throw new AppError('validation_failed', { detail: fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields });
  }
  return r.data;
}

export async function addProvider(deps: Pick<ServiceDeps, 'store' | 'clock' | 'newId'>, input: { siteId: string; actorId: string | null; provider: ProviderInput; ip?: string | null }): Promise<OidcProviderRecord> {
  const p = parse(input.provider);
  const existing = await deps.store.listOidcProviders({ siteId: input.siteId });
  if (existing.some((e) => e.slug === p.slug)) {
    throw new AppError('validation_failed', { fields: [{ field: 'slug', code: 'slug_taken', message: 'This site already has a provider with this slug.' }] });
  }
  const record: OidcProviderRecord = { id: deps.newId(), siteId: input.siteId, createdAt: deps.clock().toISOString(), ...p };
  await deps.store.transaction(async (tx) => {
    await tx.createOidcProvider(record);
    await recordAudit(tx, deps, { siteId: input.siteId, actorId: input.actorId, action: 'oidc.provider_added', targetUserId: null, details: { slug: p.slug, issuer: p.issuer }, ip: input.ip ?? null });
  });
  return record;
}

export async function removeProvider(deps: Pick<ServiceDeps, 'store' | 'clock' | 'newId'>, input: { siteId: string; actorId: string | null; id: string; ip?: string | null }): Promise<void> {
  const provider = await deps.store.getOidcProvider({ id: input.id });
  if (!provider || provider.siteId !== input.siteId) throw new AppError('oidc_provider_not_found');
  await deps.store.transaction(async (tx) => {
    await tx.deleteOidcProvider({ siteId: input.siteId, id: input.id });
    await recordAudit(tx, deps, { siteId: input.siteId, actorId: input.actorId, action: 'oidc.provider_removed', targetUserId: null, details: { slug: provider.slug }, ip: input.ip ?? null });
  });
}

/** The provider with this slug on this site (what sign-in links name). */
export async function providerBySlug(deps: Pick<ServiceDeps, 'store'>, siteId: string, slug: string): Promise<OidcProviderRecord> {
  const provider = (await deps.store.listOidcProviders({ siteId })).find((p) => p.slug === slug);
  if (!provider) throw new AppError('oidc_provider_not_found');
  return provider;
}
