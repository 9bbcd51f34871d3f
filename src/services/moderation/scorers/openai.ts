// An OpenAI-compatible moderation endpoint: POST {url}/v1/moderations with a bearer key and
// { model, input }; the answer has results[0] with `flagged`, boolean `categories` and
// `category_scores`. The score is the highest category score; flagged categories become reasons.
import type { ExternalScorerConfig } from '../../../domain/moderation/settings.js';
import { postJson, ScorerError, type Scorer } from './scorer.js';

interface ModerationResponse {
  results?: { flagged?: boolean; categories?: Record<string, boolean>; category_scores?: Record<string, number> }[];
}

export function openAiScorer(config: Pick<ExternalScorerConfig, 'url' | 'apiKey' | 'extra' | 'holdAt'>): Scorer {
  const endpoint = `${config.url.replace(/\/+$/, '')}/v1/moderations`;
  return {
    name: 'openai',
    uses: [],
    holdAt: config.holdAt,
    async score(input, signal) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;
      const res = (await postJson(endpoint, { method: 'POST', headers, body: JSON.stringify({ model: config.extra || 'omni-moderation-latest', input: input.text }) }, signal)) as ModerationResponse;
      const result = res.results?.[0];
      if (!result?.category_scores) throw new ScorerError('The moderation endpoint answered without category scores');
      const scores = Object.values(result.category_scores).filter((v) => Number.isFinite(v));
      const flagged = Object.entries(result.categories ?? {}).filter(([, v]) => v).map(([name]) => `openai_${name.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`);
      return { score: scores.length ? Math.max(...scores) : 0, reasons: flagged };
    },
  };
}
