// The Scorer interface: anything that rates a comment between 0 and 1 and says why. The built-in
// scorers run in-process; external services (Perspective, Akismet, an OpenAI-compatible
// moderation endpoint) are adapters an operator adds per site. They are the only way comment
// text leaves the server, and only when configured.
import type { ExternalScorerConfig } from '../../../domain/moderation/settings.js';
import { akismetScorer } from './akismet.js';
import { openAiScorer } from './openai.js';
import { perspectiveScorer } from './perspective.js';

export interface ScorerInput {
  text: string;
  authorName?: string;
  authorEmail?: string | null;
  /** The commenter's IP, browser and the page they posted from, which spam services use as signals. */
  ip?: string | null;
  userAgent?: string | null;
  referrer?: string | null;
  permalink?: string | null;
  lang?: string;
}

/** What the HTTP layer knows of the commenter's request (see src/http/request-signals.ts). */
export type RequestSignals = Pick<ScorerInput, 'ip' | 'userAgent' | 'referrer'>;

/** What a scorer may be told besides the text. */
export type ScorerField = Exclude<keyof ScorerInput, 'text'>;

export interface ScorerResult {
  /** 0 (fine) … 1 (certainly a problem). */
  score: number;
  /** Reason codes, e.g. 'perspective_insult', 'akismet_spam'. */
  reasons: string[];
}

export interface Scorer {
  name: string;
  /** The score at which a comment is held. */
  holdAt: number;
  /** The fields besides the text this service needs; runScorers gives it those and nothing more. */
  uses: readonly ScorerField[];
  score(input: ScorerInput, signal: AbortSignal): Promise<ScorerResult>;
}

export class ScorerError extends Error {
  override name = 'ScorerError';
}

/** Fetch with the scorer's error handling: non-2xx and bad JSON become ScorerErrors. */
export async function postJson(url: string, init: RequestInit, signal: AbortSignal): Promise<unknown> {
  const res = await fetch(url, { ...init, signal });
  const text = await res.text();
  if (!res.ok) throw new ScorerError(`${new URL(url).host} answered ${res.status}: ${text.slice(0, 200)}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ScorerError(`${new URL(url).host} answered with something that is not JSON`);
  }
}

export function externalScorer(config: ExternalScorerConfig): Scorer {
  switch (config.kind) {
    case 'perspective':
      return perspectiveScorer(config);
    case 'akismet':
      return akismetScorer(config);
    case 'openai':
      return openAiScorer(config);
  }
}

/** The part of the input a scorer declared it uses: the text plus its `uses` fields. */
export function inputFor(scorer: Pick<Scorer, 'uses'>, input: ScorerInput): ScorerInput {
  const out: ScorerInput = { text: input.text };
  for (const field of scorer.uses) if (input[field] !== undefined) (out as unknown as Record<string, unknown>)[field] = input[field];
  return out;
}

/**
 * Runs the scorers in parallel, each within its own timeout and with only the fields it uses
 * (the commenter's IP goes to a spam service that asks for it, not to a toxicity one);
 * failures are reported, not thrown.
 */
export async function runScorers(
  scorers: readonly { scorer: Scorer; timeoutMs: number }[],
  input: ScorerInput,
): Promise<{ results: { name: string; score: number; holdAt: number; reasons: string[] }[]; failures: string[] }> {
  const settled = await Promise.allSettled(scorers.map(({ scorer, timeoutMs }) => scorer.score(inputFor(scorer, input), AbortSignal.timeout(timeoutMs))));
  const results: { name: string; score: number; holdAt: number; reasons: string[] }[] = [];
  const failures: string[] = [];
  settled.forEach((r, i) => {
    const { scorer } = scorers[i]!;
    if (r.status === 'fulfilled') results.push({ name: scorer.name, score: Math.max(0, Math.min(1, r.value.score)), holdAt: scorer.holdAt, reasons: r.value.reasons });
    else failures.push(`${scorer.name}: ${(r.reason as Error)?.message ?? String(r.reason)}`);
  });
  return { results, failures };
}
