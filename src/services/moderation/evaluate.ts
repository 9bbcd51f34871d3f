// Moderating one comment: gather what the phases need (the author's restrictions and recent
// comments, the site's settings), score the text (local signals and models in-process; external
// scorers only when the site configured them), run the pipeline, and say whether the author may
// post at all. Used by createComment, updateComment and the "would this be held?" preview.
import { AppError } from '../../domain/errors.js';
import { predictFeatures } from '../../domain/moderation/learn/logistic.js';
import { extractFeatures } from '../../domain/moderation/learn/features.js';
import { normalizedText } from '../../domain/moderation/normalize.js';
import { moderate, type Analysis, type Decision } from '../../domain/moderation/pipeline.js';
import { findLinks, incivilitySignals, spamSignals } from '../../domain/moderation/signals.js';
import { restrictionActive, type Restriction } from '../../domain/moderation/types.js';
import type { Actor, Article, Site } from '../../domain/types.js';
import { formatUtc } from './format.js';
import type { Store } from '../../store/store.js';
import { siteRuntime, type SiteRuntime } from './runtime.js';
import { runScorers, type ScorerInput } from './scorers/scorer.js';

export interface Evaluation {
  decision: Decision;
  analysis: Analysis;
  restrictions: Restriction[];
}

/** What the site's lists, signals and models say of a text: in-process, no I/O. */
export type LocalAnalysis = Omit<Analysis, 'external' | 'externalFailures'>;

/** What localAnalysis needs of a site's runtime (a worker thread gets exactly this). */
export type LocalRuntime = Pick<SiteRuntime, 'banned' | 'suspect' | 'models'>;

export function localAnalysis(runtime: LocalRuntime, text: string): LocalAnalysis {
  const n = normalizedText(text);
  const models: Analysis['models'] = {};
  if (runtime.models.spam || runtime.models.toxicity) {
    const features = extractFeatures(text);
    if (runtime.models.spam) models.spam = predictFeatures(runtime.models.spam, features);
    if (runtime.models.toxicity) models.toxicity = predictFeatures(runtime.models.toxicity, features);
  }
  return {
    incivility: incivilitySignals(text, n),
    spam: spamSignals(text, n),
    models,
    words: { banned: runtime.banned.findIn(n), suspect: runtime.suspect.findIn(n) },
    links: findLinks(text).length,
  };
}

/**
 * Scores a text with the site's lists, signals, models and scorers. `local` is the in-process
 * part when the caller already has it (worked out on a worker thread, see prepare-pool.ts).
 */
export async function analyzeText(
  runtime: SiteRuntime,
  text: string,
  scorerInput: Omit<ScorerInput, 'text'> = {},
  local?: Promise<LocalAnalysis>,
): Promise<Analysis> {
  const external = runtime.scorers.length ? runScorers(runtime.scorers, { ...scorerInput, text }) : null;
  const own = local ? await local : localAnalysis(runtime, text);
  const { results, failures } = external ? await external : { results: [], failures: [] };
  return { ...own, external: results, externalFailures: failures };
}

export async function evaluateComment(
  deps: { store: Store },
  input: {
    site: Site;
    article: Article;
    actor: Actor;
    body: string;
    now: Date;
    scorerInput?: Omit<ScorerInput, 'text'>;
    excludeCommentId?: string;
    skipExternal?: boolean;
    /** The body's local analysis, when it is being worked out elsewhere (createComment). */
    local?: Promise<LocalAnalysis>;
  },
): Promise<Evaluation> {
  const { store } = deps;
  const { site, article, actor, now } = input;
  const user = actor.user!;
  const runtime = await siteRuntime(store, site.id);
  const since = new Date(now.getTime() - Math.max(60_000, runtime.settings.duplicateWindowMinutes * 60_000)).toISOString();
  const [restrictions, recent, stats, analysis] = await Promise.all([
    store.moderation.listRestrictions({ siteId: site.id, userId: user.id }),
    store.moderation.listRecentByAuthor({ siteId: site.id, authorId: user.id, since, limit: 50 }),
    runtime.settings.newAccountApprovedComments > 0 ? store.moderation.authorStats({ siteId: site.id, authorId: user.id }) : Promise.resolve(null),
    analyzeText(input.skipExternal ? { ...runtime, scorers: [] } : runtime, input.body, { authorName: user.displayName, authorEmail: user.email, ...input.scorerInput }, input.local),
  ]);
  const decision = moderate({
    now,
    body: input.body,
    settings: site.settings,
    moderation: runtime.settings,
    article,
    author: {
      role: actor.role,
      isOperator: user.isOperator,
      createdAt: user.createdAt,
      ...(stats ? { approvedComments: stats.byStatus.approved ?? 0 } : {}),
      restrictions,
    },
    recent: recent.filter((c) => c.id !== input.excludeCommentId),
    analysis,
  });
  return { decision, analysis, restrictions };
}

/** The error to answer with when the decision means the author may not post at all. */
export function refusalFor({ decision, restrictions }: Pick<Evaluation, 'decision' | 'restrictions'>, now: Date): AppError | null {
  if (decision.status !== 'rejected') return null;
  const reason = decision.reasons.find((r) => ['author_banned', 'author_suspended', 'warning_unacknowledged', 'story_closed'].includes(r));
  if (!reason) return null;
  if (reason === 'story_closed') return new AppError('comments_closed');
  if (reason === 'warning_unacknowledged') {
    return new AppError('warning_unacknowledged', { detail: 'A moderator sent you a warning. Read it and confirm on your notices page (/notices) before you post again.' });
  }
  const kind = reason === 'author_banned' ? 'ban' : 'suspension';
  const r = restrictions.find((x) => x.kind === kind && restrictionActive(x, now));
  const until = r?.expiresAt ? ` until ${formatUtc(r.expiresAt)}` : '';
  return new AppError(reason === 'author_banned' ? 'account_banned' : 'account_suspended', {
    detail: `${reason === 'author_banned' ? 'You are banned from commenting here' : 'Your account is suspended'}${until}. Your notices page (/notices) says why and how to appeal.`,
  });
}
