// A site's moderation settings, stored as JSON beside the site and read with defaults, so a site
// that never touched them gets sensible behaviour and a new setting needs no migration.
import { z } from 'zod';

const Words = z.array(z.string().trim().min(1).max(100)).max(2000);
const Probability = z.number().min(0).max(1);

export const ExternalScorerConfig = z.object({
  kind: z.enum(['perspective', 'akismet', 'openai']),
  /** Base URL of the service (lets operators point at a proxy or a compatible server). */
  url: z.url(),
  /** Secret: never sent back by the API or shown in pages. */
  apiKey: z.string().max(500).default(''),
  /** For Akismet: the blog URL it was registered for. For OpenAI-compatible: the model name. */
  extra: z.string().max(500).default(''),
  /** A comment is held when the service's score reaches this. */
  holdAt: Probability.default(0.8),
  timeoutMs: z.number().int().min(100).max(10_000).default(2000),
});
export type ExternalScorerConfig = z.infer<typeof ExternalScorerConfig>;

export const ModerationSettings = z.object({
  /** Words and phrases that reject a comment. `word*` matches words starting with `word`. */
  bannedWords: Words.default([]),
  /** Words and phrases that hold a comment for review. */
  suspectWords: Words.default([]),
  /** Words never matched by the lists (place names, technical terms): on top of the built-in list. */
  allowedWords: Words.default([]),
  /** Hold comments with more links than this. */
  maxLinks: z.number().int().min(0).max(100).default(4),
  /** Hold every comment that contains a link. */
  premoderateLinks: z.boolean().default(false),
  /** Hold comments of accounts younger than this many hours (0: off). */
  newAccountHours: z.number().int().min(0).max(24 * 365).default(0),
  /** Hold comments until the author has this many approved comments on the site (0: off). */
  newAccountApprovedComments: z.number().int().min(0).max(100).default(0),
  /** Readers' reports that hold an approved comment for review (0: never). */
  reportThreshold: z.number().int().min(0).max(1000).default(3),
  /** More comments than this per minute from one author are held (0: off; the HTTP layer also rate-limits posting). */
  floodPerMinute: z.number().int().min(0).max(1000).default(0),
  /** The same text again from the same author within this many minutes is held (0: off). */
  duplicateWindowMinutes: z.number().int().min(0).max(60 * 24 * 30).default(60),
  /** Incivility score (0–1) at which a comment is held. */
  toxicityHoldAt: Probability.default(0.8),
  /** Spam score (0–1) at which a comment is held. */
  spamHoldAt: Probability.default(0.7),
  /** Start the site's spam model from the one trained on the SpamAssassin corpus. */
  spamSeed: z.boolean().default(true),
  /** Use the site's learned models once they are trained (they never decide alone before). */
  learnedModels: z.boolean().default(true),
  /** Tell authors before posting when their comment would be held ("edit or post anyway"). */
  warnBeforeHold: z.boolean().default(false),
  /** Show the reason code on the public tombstone of a removed comment that has replies. */
  showRemovalReason: z.boolean().default(true),
  /** Close discussions this many days after publication (0: never). */
  autoCloseDays: z.number().int().min(0).max(3650).default(0),
  /** External scorers; none by default: no comment text leaves the server unless added here. */
  externalScorers: z.array(ExternalScorerConfig).max(5).default([]),
});
export type ModerationSettings = z.infer<typeof ModerationSettings>;

export const DEFAULT_MODERATION_SETTINGS: ModerationSettings = ModerationSettings.parse({});

/** Reads stored settings leniently: unknown keys are dropped, invalid values fall back to defaults. */
export function readModerationSettings(raw: unknown): ModerationSettings {
  const parsed = ModerationSettings.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const out: Record<string, unknown> = {};
  const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  for (const key of Object.keys(ModerationSettings.shape) as (keyof ModerationSettings)[]) {
    const one = ModerationSettings.shape[key].safeParse(input[key]);
    if (one.success) out[key] = one.data;
  }
  return ModerationSettings.parse(out);
}
