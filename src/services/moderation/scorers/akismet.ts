// Akismet: POST {url}/1.1/comment-check as a form with the key, the site it is registered for,
// the commenter's IP and browser (both required by Akismet), the page they posted from when
// known, and the comment. The body says "true" (spam) or "false"; a header
// `X-akismet-pro-tip: discard` marks blatant spam; "invalid" means the key was refused.
import type { ExternalScorerConfig } from '../../../domain/moderation/settings.js';
import { ScorerError, type Scorer } from './scorer.js';

export function akismetScorer(config: Pick<ExternalScorerConfig, 'url' | 'apiKey' | 'extra' | 'holdAt'>): Scorer {
  const endpoint = `${config.url.replace(/\/+$/, '')}/1.1/comment-check`;
  return {
    name: 'akismet',
    holdAt: config.holdAt,
    uses: ['authorName', 'authorEmail', 'ip', 'userAgent', 'referrer', 'permalink', 'lang'],
    async score(input, signal) {
      const form = new URLSearchParams({
        api_key: config.apiKey,
        blog: config.extra,
        user_ip: input.ip ?? '',
        user_agent: input.userAgent ?? '',
        comment_type: 'comment',
        comment_author: input.authorName ?? '',
        comment_author_email: input.authorEmail ?? '',
        comment_content: input.text,
        blog_lang: input.lang ?? 'en',
        blog_charset: 'UTF-8',
      });
      if (input.referrer) form.set('referrer', input.referrer);
      if (input.permalink) form.set('permalink', input.permalink);
      const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(), signal });
      const text = (await res.text()).trim();
      if (!res.ok) throw new ScorerError(`Akismet answered ${res.status}`);
      if (text === 'true') return { score: 1, reasons: res.headers.get('x-akismet-pro-tip') === 'discard' ? ['akismet_spam', 'akismet_blatant'] : ['akismet_spam'] };
      if (text === 'false') return { score: 0, reasons: [] };
      throw new ScorerError(`Akismet refused the request: ${res.headers.get('x-akismet-debug-help') ?? text.slice(0, 100)}`);
    },
  };
}
