// What moderating a comment needs from a site, prepared once and kept for a short while: its
// settings, its word lists compiled, its models loaded and its external scorers built. Saving
// settings or training a model forgets the entry at once in this process; other processes pick
// the change up within REFRESH_MS.
import type { LogisticModel } from '../../domain/moderation/learn/logistic.js';
import { readModerationSettings, type ModerationSettings } from '../../domain/moderation/settings.js';
import { compileWordList, type WordList } from '../../domain/moderation/wordlist.js';
import type { Store } from '../../store/store.js';
import { loadSiteModel, seedSpamModel, type ModelReport } from './models.js';
import { externalScorer, type Scorer } from './scorers/scorer.js';

export interface SiteRuntime {
  settings: ModerationSettings;
  banned: WordList;
  suspect: WordList;
  models: { spam?: LogisticModel; toxicity?: LogisticModel };
  reports: { spam?: ModelReport; toxicity?: ModelReport; spamSource: 'site' | 'seed' | 'none' };
  scorers: { scorer: Scorer; timeoutMs: number }[];
  loadedAt: number;
}

const REFRESH_MS = 30_000;
const cache = new WeakMap<Store, Map<string, SiteRuntime>>();

export async function loadModerationSettings(store: Store, siteId: string): Promise<ModerationSettings> {
  return readModerationSettings(await store.moderation.getSettings({ siteId }));
}

export async function siteRuntime(store: Store, siteId: string): Promise<SiteRuntime> {
  let bySite = cache.get(store);
  if (!bySite) cache.set(store, (bySite = new Map()));
  const hit = bySite.get(siteId);
  if (hit && Date.now() - hit.loadedAt < REFRESH_MS) return hit;

  const settings = await loadModerationSettings(store, siteId);
  const allowed = settings.allowedWords;
  const [siteSpam, siteToxicity] = settings.learnedModels
    ? await Promise.all([loadSiteModel(store, siteId, 'spam'), loadSiteModel(store, siteId, 'toxicity')])
    : [null, null];
  // The seed learnt from emails and reads short comments poorly (measured: see docs/moderation.md),
  // so it never decides on its own: it is where a site's own spam model starts from.
  const seeded = !siteSpam && settings.spamSeed ? seedSpamModel() : null;
  const runtime: SiteRuntime = {
    settings,
    banned: compileWordList(settings.bannedWords, allowed),
    suspect: compileWordList(settings.suspectWords, allowed),
    models: { ...(siteSpam ? { spam: siteSpam.model } : {}), ...(siteToxicity ? { toxicity: siteToxicity.model } : {}) },
    reports: { ...(siteSpam ?? seeded ? { spam: (siteSpam ?? seeded)!.report } : {}), ...(siteToxicity ? { toxicity: siteToxicity.report } : {}), spamSource: siteSpam ? 'site' : seeded ? 'seed' : 'none' },
    scorers: settings.externalScorers.map((c) => ({ scorer: externalScorer(c), timeoutMs: c.timeoutMs })),
    loadedAt: Date.now(),
  };
  bySite.set(siteId, runtime);
  return runtime;
}

export function forgetSiteRuntime(store: Store, siteId: string): void {
  cache.get(store)?.delete(siteId);
}
