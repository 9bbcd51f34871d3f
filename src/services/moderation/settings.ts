// Reading and saving a site's moderation settings, and training its models on demand.
import { AppError } from '../../domain/errors.js';
import { ModerationSettings, type ExternalScorerConfig } from '../../domain/moderation/settings.js';
import { authorizeModeration } from '../../domain/policies/moderation.js';
import type { Actor, Site } from '../../domain/types.js';
import type { ServiceDeps } from '../deps.js';
import { trainSiteModel, type ModelKind, type ModelReport } from './models.js';
import { forgetSiteRuntime, loadModerationSettings } from './runtime.js';

/** Settings as shown back: external scorers' keys are never sent. */
export function publicSettings(s: ModerationSettings): ModerationSettings {
  return { ...s, externalScorers: s.externalScorers.map((e) => ({ ...e, apiKey: e.apiKey ? '********' : '' })) };
}

export async function getModerationSettings(deps: ServiceDeps, input: { site: Site; actor: Actor }): Promise<ModerationSettings> {
  authorizeModeration(input.actor, 'view_queues');
  return loadModerationSettings(deps.store, input.site.id);
}

/** Saves a partial update; an external scorer's key left as "********" keeps the stored one. */
export async function saveModerationSettings(deps: ServiceDeps, input: { site: Site; actor: Actor; patch: Record<string, unknown> }): Promise<ModerationSettings> {
  authorizeModeration(input.actor, 'manage_settings');
  const current = await loadModerationSettings(deps.store, input.site.id);
  const merged = { ...current, ...input.patch };
  const parsed = ModerationSettings.safeParse(merged);
  if (!parsed.success) {
    throw new AppError('validation_failed', { fields: parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'settings', code: i.code, message: i.message })) });
  }
  const next = parsed.data;
  next.externalScorers = next.externalScorers.map((e: ExternalScorerConfig, i) => (e.apiKey === '********' ? { ...e, apiKey: current.externalScorers[i]?.apiKey ?? '' } : e));
  await deps.store.moderation.saveSettings({ siteId: input.site.id, settings: next, updatedAt: deps.clock().toISOString() });
  forgetSiteRuntime(deps.store, input.site.id);
  return next;
}

export async function trainModel(deps: ServiceDeps, input: { site: Site; actor: Actor; kind: ModelKind }): Promise<ModelReport> {
  authorizeModeration(input.actor, 'manage_settings');
  const settings = await loadModerationSettings(deps.store, input.site.id);
  const report = await trainSiteModel(deps.store, {
    siteId: input.site.id,
    kind: input.kind,
    holdAt: input.kind === 'spam' ? settings.spamHoldAt : settings.toxicityHoldAt,
    now: deps.clock(),
    useSeed: settings.spamSeed,
  });
  forgetSiteRuntime(deps.store, input.site.id);
  return report;
}
