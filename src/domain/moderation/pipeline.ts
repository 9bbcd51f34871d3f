// Moderation as an ordered list of small phases. Each phase sees only the context it needs and
// returns a partial decision (a status with reasons) or nothing; the first phase that sets a
// status ends the run. Phases are pure: time and any scorer I/O come in through the context.
// The moderation issue adds word lists, scorers, rate and trust phases to this list.

import type { CommentsMode, CommentStatus, Role, SiteSettings } from '../types.js';

export type DecisionStatus = Extract<CommentStatus, 'approved' | 'pending' | 'rejected' | 'spam'>;

export interface PhaseDecision {
  status?: DecisionStatus;
  reasons: string[];
  scores?: Record<string, number>;
}

export interface ModerationContext {
  now: Date;
  body: string;
  settings: Pick<SiteSettings, 'moderationMode'>;
  article: { commentsMode: CommentsMode };
  author: { role: Role | null; isOperator: boolean };
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

const staffBypass: Phase = {
  name: 'staff',
  run: ({ author }) =>
    author.isOperator || (author.role !== null && author.role !== 'commenter')
      ? { status: 'approved', reasons: ['trusted_role'] }
      : undefined,
};

const storyPremoderated: Phase = {
  name: 'story_mode',
  run: ({ article }) => (article.commentsMode === 'premoderated' ? { status: 'pending', reasons: ['story_premoderated'] } : undefined),
};

const sitePremoderated: Phase = {
  name: 'site_mode',
  run: ({ settings }) => (settings.moderationMode === 'pre' ? { status: 'pending', reasons: ['site_premoderated'] } : undefined),
};

export const DEFAULT_PHASES: readonly Phase[] = [staffBypass, storyPremoderated, sitePremoderated];

export function moderate(ctx: ModerationContext, phases: readonly Phase[] = DEFAULT_PHASES): Decision {
  const reasons: string[] = [];
  const scores: Record<string, number> = {};
  for (const phase of phases) {
    const result = phase.run(ctx);
    if (!result) continue;
    reasons.push(...result.reasons);
    Object.assign(scores, result.scores);
    if (result.status) return { status: result.status, phase: phase.name, reasons, scores };
  }
  return { status: 'approved', phase: 'default', reasons, scores };
}
