// Perspective API (Jigsaw): POST {url}/v1alpha1/comments:analyze?key=KEY with the comment and the
// attributes wanted; the answer carries a summary probability per attribute. The comment's score
// is the highest of them, and each attribute at or over the hold threshold becomes a reason.
import type { ExternalScorerConfig } from '../../../domain/moderation/settings.js';
import { postJson, ScorerError, type Scorer } from './scorer.js';

export const PERSPECTIVE_ATTRIBUTES = ['TOXICITY', 'SEVERE_TOXICITY', 'IDENTITY_ATTACK', 'INSULT', 'PROFANITY', 'THREAT'] as const;

interface AnalyzeResponse {
  attributeScores?: Record<string, { summaryScore?: { value?: number } }>;
}

export function perspectiveScorer(config: Pick<ExternalScorerConfig, 'url' | 'apiKey' | 'holdAt'>): Scorer {
  const endpoint = `${config.url.replace(/\/+$/, '')}/v1alpha1/comments:analyze?key=${encodeURIComponent(config.apiKey)}`;
  return {
    name: 'perspective',
    uses: ['lang'],
    holdAt: config.holdAt,
    async score(input, signal) {
      const body = {
        comment: { text: input.text, type: 'PLAIN_TEXT' },
        languages: [input.lang ?? 'en'],
        requestedAttributes: Object.fromEntries(PERSPECTIVE_ATTRIBUTES.map((a) => [a, {}])),
        doNotStore: true,
      };
      const res = (await postJson(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, signal)) as AnalyzeResponse;
      const scores = Object.entries(res.attributeScores ?? {}).map(([name, v]) => [name, Number(v.summaryScore?.value)] as const);
      if (scores.length === 0 || scores.some(([, v]) => !Number.isFinite(v))) throw new ScorerError('Perspective answered without attribute scores');
      const top = Math.max(...scores.map(([, v]) => v));
      return { score: top, reasons: scores.filter(([, v]) => v >= config.holdAt).map(([name]) => `perspective_${name.toLowerCase()}`) };
    },
  };
}
