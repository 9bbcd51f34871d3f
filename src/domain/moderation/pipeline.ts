// Moderation as an ordered list of small phases. Each phase sees only the context it needs and
// returns a partial decision (a status with reasons) or nothing; the first phase that sets a
// status ends the run. Phases are pure: time, the author's history and every score (scorers may
// do I/O) come in through the context, computed before the run (src/services/moderation).
//
// Order: who may post at all (restrictions, closed story) → staff → what the text says (banned
// words, flooding, links, suspect words, incivility, spam, external scorers) → who is posting
// (trusted, premoderated author, new account) → the story's and the site's mode.
import type { CommentsMode, CommentStatus, Role, SiteSettings } from '../types.js';
import { DEFAULT_MODERATION_SETTINGS, type ModerationSettings } from './settings.js';
import type { SignalScore } from './signals.js';
import { restrictionActive, type Restriction } from './types.js';
import type { WordMatch } from './wordlist.js';

export type DecisionStatus = Extract<CommentStatus, 'approved' | 'pending' | 'rejected' | 'spam'>;

export interface PhaseDecision {
  status?: DecisionStatus;
  reasons: string[];
  scores?: Record<string, number>;
}

/** Scores and matches computed before the run (see services/moderation/analyze.ts). */
export interface Analysis {
  incivility: SignalScore;
  spam: SignalScore;
  /** Probabilities from the site's learned models, when trained. */
  models: { toxicity?: number; spam?: number };
  external: { name: string; score: number; holdAt: number; reasons: string[] }[];
  externalFailures: string[];
  words: { banned: WordMatch[]; suspect: WordMatch[] };
  links: number;
}

export interface ModerationContext {
  now: Date;
  body: string;
  settings: Pick<SiteSettings, 'moderationMode'>;
  /** The site's moderation settings; defaults when absent. */
  moderation?: ModerationSettings;
  article: { commentsMode: CommentsMode; publishedAt?: string | null };
  author: {
    role: Role | null;
    isOperator: boolean;
    createdAt?: string;
    /** Approved comments of the author on this site. */
    approvedComments?: number;
    restrictions?: readonly Restriction[];
  };
  /** The author's recent comments on the site, newest first (flood and repeat checks). */
  recent?: readonly { bodyMarkdown: string; createdAt: string }[];
  analysis?: Analysis;
}

export interface Phase {
  name: string;
  run(ctx: ModerationContext): PhaseDecision | undefined;
}

export interface Decision {
  status: DecisionStatus;
  /** Name of the phase that decided, or 'default'. */
  phase: string;
  reasons: string[];
  scores: Record<string, number>;
}

const settingsOf = (ctx: ModerationContext) => ctx.moderation ?? DEFAULT_MODERATION_SETTINGS;
const active = (ctx: ModerationContext, kind: Restriction['kind']) => (ctx.author.restrictions ?? []).filter((r) => r.kind === kind && restrictionActive(r, ctx.now));

export const restrictionsPhase: Phase = {
  name: 'restrictions',
  run: (ctx) => {
    if (active(ctx, 'ban').length) return { status: 'rejected', reasons: ['author_banned'] };
    if (active(ctx, 'suspension').length) return { status: 'rejected', reasons: ['author_suspended'] };
    if (active(ctx, 'warning').some((w) => w.acknowledgedAt === null)) return { status: 'rejected', reasons: ['warning_unacknowledged'] };
    return undefined;
  },
};

export const storyClosedPhase: Phase = {
  name: 'story_closed',
  run: ({ article, now, ...ctx }) => {
    const days = settingsOf({ ...ctx, article, now }).autoCloseDays;
    if (!days || !article.publishedAt) return undefined;
    return Date.parse(article.publishedAt) + days * 86_400_000 <= now.getTime() ? { status: 'rejected', reasons: ['story_closed'] } : undefined;
  },
};

export const staffBypass: Phase = {
  name: 'staff',
  run: ({ author }) =>
    author.isOperator || (author.role !== null && author.role !== 'commenter') ? { status: 'approved', reasons: ['trusted_role'] } : undefined,
};

export const bannedWordsPhase: Phase = {
  name: 'banned_words',
  run: ({ analysis }) => (analysis?.words.banned.length ? { status: 'rejected', reasons: ['banned_word'] } : undefined),
};

/** What two bodies must share to count as the same comment posted twice. */
const duplicateKey = (body: string) => body.trim().toLowerCase().replace(/\s+/g, ' ');

const WHITE_SPACE = /\s/;
const isWhiteSpace = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return c < 128 ? c === 32 || (c >= 9 && c <= 13) : WHITE_SPACE.test(s[i]!);
};

/**
 * Whether `duplicateKey(body) === key` for a key made by duplicateKey, without building the
 * body's key: each run of white space must meet one space of the key, every other character
 * itself, and most bodies differ within a few characters (the rate phase compares up to 50).
 */
function hasDuplicateKey(body: string, key: string): boolean {
  const t = body.trim().toLowerCase();
  let j = 0;
  for (let i = 0; i < t.length; ) {
    if (isWhiteSpace(t, i)) {
      while (i < t.length && isWhiteSpace(t, i)) i++;
      if (key.charCodeAt(j) !== 32) return false;
    } else {
      if (t.charCodeAt(i) !== key.charCodeAt(j)) return false;
      i++;
    }
    j++;
  }
  return j === key.length;
}

export const ratePhase: Phase = {
  name: 'rate',
  run: (ctx) => {
    const s = settingsOf(ctx);
    const recent = ctx.recent ?? [];
    const now = ctx.now.getTime();
    if (s.floodPerMinute > 0 && recent.filter((c) => now - Date.parse(c.createdAt) < 60_000).length >= s.floodPerMinute) {
      return { status: 'pending', reasons: ['flooding'] };
    }
    if (s.duplicateWindowMinutes > 0) {
      const key = duplicateKey(ctx.body);
      const windowMs = s.duplicateWindowMinutes * 60_000;
      if (key.length >= 8 && recent.some((c) => now - Date.parse(c.createdAt) < windowMs && hasDuplicateKey(c.bodyMarkdown, key))) {
        return { status: 'pending', reasons: ['duplicate'] };
      }
    }
    return undefined;
  },
};

export const linksPhase: Phase = {
  name: 'links',
  run: (ctx) => {
    const s = settingsOf(ctx);
    const links = ctx.analysis?.links ?? 0;
    if (links > s.maxLinks) return { status: 'pending', reasons: ['too_many_links'], scores: { links } };
    if (s.premoderateLinks && links > 0) return { status: 'pending', reasons: ['links_premoderated'], scores: { links } };
    return undefined;
  },
};

export const suspectWordsPhase: Phase = {
  name: 'suspect_words',
  run: ({ analysis }) => (analysis?.words.suspect.length ? { status: 'pending', reasons: ['suspect_word'] } : undefined),
};

export const toxicityPhase: Phase = {
  name: 'toxicity',
  run: (ctx) => {
    const a = ctx.analysis;
    if (!a) return undefined;
    const s = settingsOf(ctx);
    const reasons = a.incivility.signals.map((sig) => sig.reason);
    const scores: Record<string, number> = { toxicity: a.incivility.score };
    if (a.models.toxicity !== undefined) scores.toxicity_model = Math.round(a.models.toxicity * 1000) / 1000;
    if (a.incivility.score >= s.toxicityHoldAt) return { status: 'pending', reasons: [...reasons, 'toxic'], scores };
    if (a.models.toxicity !== undefined && a.models.toxicity >= s.toxicityHoldAt) return { status: 'pending', reasons: [...reasons, 'toxic_model'], scores };
    return { reasons, scores };
  },
};

export const spamPhase: Phase = {
  name: 'spam',
  run: (ctx) => {
    const a = ctx.analysis;
    if (!a) return undefined;
    const s = settingsOf(ctx);
    const reasons = a.spam.signals.map((sig) => sig.reason);
    const scores: Record<string, number> = { spam: a.spam.score };
    if (a.models.spam !== undefined) scores.spam_model = Math.round(a.models.spam * 1000) / 1000;
    if (a.spam.score >= s.spamHoldAt) return { status: 'pending', reasons: [...reasons, 'likely_spam'], scores };
    if (a.models.spam !== undefined && a.models.spam >= s.spamHoldAt) return { status: 'pending', reasons: [...reasons, 'spam_model'], scores };
    return { reasons, scores };
  },
};

export const externalPhase: Phase = {
  name: 'external',
  run: ({ analysis }) => {
    if (!analysis || (analysis.external.length === 0 && analysis.externalFailures.length === 0)) return undefined;
    const scores = Object.fromEntries(analysis.external.map((e) => [`external_${e.name}`, Math.round(e.score * 1000) / 1000]));
    const reasons = analysis.externalFailures.length ? ['external_scorer_failed'] : [];
    const flagged = analysis.external.filter((e) => e.score >= e.holdAt);
    if (flagged.length) return { status: 'pending', reasons: [...reasons, 'external_flag', ...flagged.flatMap((f) => f.reasons)], scores };
    return { reasons, scores };
  },
};

export const trustedUserPhase: Phase = {
  name: 'trusted_user',
  run: (ctx) => (active(ctx, 'trusted').length ? { status: 'approved', reasons: ['trusted_user'] } : undefined),
};

export const authorPremoderatedPhase: Phase = {
  name: 'author_premoderated',
  run: (ctx) => (active(ctx, 'premoderate').length ? { status: 'pending', reasons: ['author_premoderated'] } : undefined),
};

export const newAccountPhase: Phase = {
  name: 'new_account',
  run: (ctx) => {
    const s = settingsOf(ctx);
    const { createdAt, approvedComments } = ctx.author;
    if (s.newAccountHours > 0 && createdAt && ctx.now.getTime() - Date.parse(createdAt) < s.newAccountHours * 3_600_000) {
      return { status: 'pending', reasons: ['new_account'] };
    }
    if (s.newAccountApprovedComments > 0 && approvedComments !== undefined && approvedComments < s.newAccountApprovedComments) {
      return { status: 'pending', reasons: ['new_account'] };
    }
    return undefined;
  },
};

const storyPremoderated: Phase = {
  name: 'story_mode',
  run: ({ article }) => (article.commentsMode === 'premoderated' ? { status: 'pending', reasons: ['story_premoderated'] } : undefined),
};

const sitePremoderated: Phase = {
  name: 'site_mode',
  run: ({ settings }) => (settings.moderationMode === 'pre' ? { status: 'pending', reasons: ['site_premoderated'] } : undefined),
};

export const DEFAULT_PHASES: readonly Phase[] = [
  restrictionsPhase,
  storyClosedPhase,
  staffBypass,
  bannedWordsPhase,
  ratePhase,
  linksPhase,
  suspectWordsPhase,
  toxicityPhase,
  spamPhase,
  externalPhase,
  trustedUserPhase,
  authorPremoderatedPhase,
  newAccountPhase,
  storyPremoderated,
  sitePremoderated,
];

/** Reasons that mean the author may not post at all: the service refuses instead of storing. */
export const REFUSING_REASONS = ['author_banned', 'author_suspended', 'warning_unacknowledged', 'story_closed'] as const;

export function moderate(ctx: ModerationContext, phases: readonly Phase[] = DEFAULT_PHASES): Decision {
  const reasons: string[] = [];
  const scores: Record<string, number> = {};
  for (const phase of phases) {
    const result = phase.run(ctx);
    if (!result) continue;
    for (const r of result.reasons) if (!reasons.includes(r)) reasons.push(r);
    Object.assign(scores, result.scores);
    if (result.status) return { status: result.status, phase: phase.name, reasons, scores };
  }
  return { status: 'approved', phase: 'default', reasons, scores };
}
