// The external scorer adapters, each against a local HTTP server that speaks its service's
// protocol (request and response shapes as the services document them), and the local scorers
// measured on labelled examples.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measure } from '../../src/domain/moderation/learn/logistic.js';
import { incivilitySignals, spamSignals } from '../../src/domain/moderation/signals.js';
import { COMMENT_SPAM, INCIVILITY_EXAMPLES } from '../../src/domain/moderation/testdata/incivility-examples.js';
import { akismetScorer } from '../../src/services/moderation/scorers/akismet.js';
import { openAiScorer } from '../../src/services/moderation/scorers/openai.js';
import { perspectiveScorer } from '../../src/services/moderation/scorers/perspective.js';
import { runScorers } from '../../src/services/moderation/scorers/scorer.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A loopback server answering with `respond`; records every request. */
async function fakeService(respond: (req: Seen, res: http.ServerResponse) => void): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(s);
      respond(s, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const signal = () => AbortSignal.timeout(2000);

describe('Perspective adapter', () => {
  let svc: Awaited<ReturnType<typeof fakeService>>;
  beforeAll(async () => {
    svc = await fakeService((req, res) => {
      if (!req.url.startsWith('/v1alpha1/comments:analyze?key=')) return void res.writeHead(404).end();
      const text = (JSON.parse(req.body) as { comment: { text: string } }).comment.text;
      const insult = text.includes('idiot') ? 0.93 : 0.04;
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          attributeScores: {
            TOXICITY: { spanScores: [{ begin: 0, end: text.length, score: { value: insult * 0.9, type: 'PROBABILITY' } }], summaryScore: { value: insult * 0.9, type: 'PROBABILITY' } },
            INSULT: { summaryScore: { value: insult, type: 'PROBABILITY' } },
            THREAT: { summaryScore: { value: 0.01, type: 'PROBABILITY' } },
          },
          languages: ['en'],
        }),
      );
    });
  });
  afterAll(() => svc.close());

  it('sends the comment with the requested attributes and doNotStore, and reads the summary scores', async () => {
    const scorer = perspectiveScorer({ url: svc.url, apiKey: 'k/ey', holdAt: 0.8 });
    const result = await scorer.score({ text: 'you idiot' }, signal());
    expect(result).toEqual({ score: 0.93, reasons: ['perspective_toxicity', 'perspective_insult'] });
    const req = svc.seen.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/v1alpha1/comments:analyze?key=k%2Fey');
    const body = JSON.parse(req.body) as { comment: { text: string }; requestedAttributes: Record<string, object>; doNotStore: boolean; languages: string[] };
    expect(body.comment.text).toBe('you idiot');
    expect(Object.keys(body.requestedAttributes)).toEqual(expect.arrayContaining(['TOXICITY', 'INSULT', 'THREAT', 'IDENTITY_ATTACK']));
    expect(body.doNotStore).toBe(true);
    expect(await scorer.score({ text: 'a fine day' }, signal())).toEqual({ score: 0.04, reasons: [] });
  });
});

describe('Akismet adapter', () => {
  let svc: Awaited<ReturnType<typeof fakeService>>;
  beforeAll(async () => {
    svc = await fakeService((req, res) => {
      const form = new URLSearchParams(req.body);
      if (req.url !== '/1.1/comment-check') return void res.writeHead(404).end();
      if (form.get('api_key') !== 'good-key') return void res.writeHead(200, { 'x-akismet-debug-help': 'We were unable to verify your API key.' }).end('invalid');
      const content = form.get('comment_content') ?? '';
      if (content.includes('viagra')) return void res.writeHead(200, { 'x-akismet-pro-tip': 'discard' }).end('true');
      if (content.includes('casino')) return void res.writeHead(200).end('true');
      res.writeHead(200).end('false');
    });
  });
  afterAll(() => svc.close());

  it('posts the comment-check form and reads true, false and the discard tip', async () => {
    const scorer = akismetScorer({ url: svc.url, apiKey: 'good-key', extra: 'https://news.example', holdAt: 0.5 });
    expect(await scorer.score({ text: 'cheap viagra', ip: '198.51.100.7', userAgent: 'UA', authorName: 'Spammy', permalink: 'https://news.example/a' }, signal())).toEqual({
      score: 1,
      reasons: ['akismet_spam', 'akismet_blatant'],
    });
    const form = new URLSearchParams(svc.seen.at(-1)!.body);
    expect(svc.seen.at(-1)!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(['blog', 'user_ip', 'user_agent', 'comment_type', 'comment_author', 'comment_content', 'permalink'].map((k) => [k, form.get(k)]))).toEqual({
      blog: 'https://news.example',
      user_ip: '198.51.100.7',
      user_agent: 'UA',
      comment_type: 'comment',
      comment_author: 'Spammy',
      comment_content: 'cheap viagra',
      permalink: 'https://news.example/a',
    });
    expect(await scorer.score({ text: 'best casino' }, signal())).toEqual({ score: 1, reasons: ['akismet_spam'] });
    expect(await scorer.score({ text: 'a fair point' }, signal())).toEqual({ score: 0, reasons: [] });
  });

  it('turns a refused key into an error carrying Akismet’s help text', async () => {
    const scorer = akismetScorer({ url: svc.url, apiKey: 'bad', extra: 'https://news.example', holdAt: 0.5 });
    await expect(scorer.score({ text: 'x' }, signal())).rejects.toThrow(/unable to verify your API key/);
  });
});

describe('OpenAI-compatible moderation adapter', () => {
  let svc: Awaited<ReturnType<typeof fakeService>>;
  beforeAll(async () => {
    svc = await fakeService((req, res) => {
      if (req.url !== '/v1/moderations') return void res.writeHead(404).end();
      if (req.headers.authorization !== 'Bearer sk-test') return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"message":"bad key"}}');
      const { input, model } = JSON.parse(req.body) as { input: string; model: string };
      const harass = input.includes('loser') ? 0.88 : 0.02;
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: 'modr-1',
          model,
          results: [
            {
              flagged: harass > 0.5,
              categories: { harassment: harass > 0.5, 'harassment/threatening': false, violence: false },
              category_scores: { harassment: harass, 'harassment/threatening': 0.01, violence: 0.003 },
            },
          ],
        }),
      );
    });
  });
  afterAll(() => svc.close());

  it('sends model and input with the bearer key, and reads category scores and flags', async () => {
    const scorer = openAiScorer({ url: svc.url, apiKey: 'sk-test', extra: '', holdAt: 0.7 });
    expect(await scorer.score({ text: 'total loser' }, signal())).toEqual({ score: 0.88, reasons: ['openai_harassment'] });
    expect(JSON.parse(svc.seen.at(-1)!.body)).toEqual({ model: 'omni-moderation-latest', input: 'total loser' });
  });

  it('reports failures and timeouts through runScorers without throwing', async () => {
    const bad = openAiScorer({ url: svc.url, apiKey: 'wrong', extra: 'm', holdAt: 0.7 });
    const slow = await fakeService(() => {
      /* never answers */
    });
    try {
      const hanging = openAiScorer({ url: slow.url, apiKey: 'sk-test', extra: 'm', holdAt: 0.7 });
      const good = openAiScorer({ url: svc.url, apiKey: 'sk-test', extra: 'm', holdAt: 0.7 });
      const started = Date.now();
      const out = await runScorers(
        [
          { scorer: bad, timeoutMs: 2000 },
          { scorer: hanging, timeoutMs: 300 },
          { scorer: good, timeoutMs: 2000 },
        ],
        { text: 'fine text' },
      );
      expect(Date.now() - started).toBeLessThan(2000);
      expect(out.results).toEqual([{ name: 'openai', score: 0.02, holdAt: 0.7, reasons: [] }]);
      expect(out.failures).toHaveLength(2);
      expect(out.failures[0]).toContain('401');
    } finally {
      slow.seen.length = 0;
      void slow.close();
    }
  });
});

describe('local scorers measured on labelled examples (written for Parley; see the file’s caveat)', () => {
  it('incivility lexicon: precise, with recall limited to what words can show', () => {
    const scored = INCIVILITY_EXAMPLES.map((e) => ({ score: incivilitySignals(e.text).score, label: e.label }));
    expect(INCIVILITY_EXAMPLES.length).toBeGreaterThanOrEqual(200);
    const flag = measure(scored, 0.5);
    const hold = measure(scored, 0.8);
    console.log(`[moderation] incivility lexicon on ${flag.n} examples: flag@0.5 P=${flag.precision} R=${flag.recall}; hold@0.8 P=${hold.precision} R=${hold.recall}`);
    expect(flag.precision).toBeGreaterThanOrEqual(0.95);
    expect(flag.recall).toBeGreaterThanOrEqual(0.6);
    expect(hold.falsePositives).toBe(0);
  });

  it('spam rules on comment-style spam against the civil and uncivil comments', () => {
    const scored = [...COMMENT_SPAM.map((text) => ({ score: spamSignals(text).score, label: 1 as const })), ...INCIVILITY_EXAMPLES.map((e) => ({ score: spamSignals(e.text).score, label: 0 as const }))];
    const m = measure(scored, 0.5);
    console.log(`[moderation] spam rules on ${m.n} comments (${m.positives} spam): @0.5 P=${m.precision} R=${m.recall}`);
    expect(m.precision).toBeGreaterThanOrEqual(0.9);
    expect(m.recall).toBeGreaterThanOrEqual(0.8);
  });
});
