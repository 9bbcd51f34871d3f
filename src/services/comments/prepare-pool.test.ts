import { afterAll, describe, expect, it } from 'vitest';
import { train } from '../../domain/moderation/learn/logistic.js';
import { extractFeatures } from '../../domain/moderation/learn/features.js';
import { DEFAULT_MODERATION_SETTINGS, type ModerationSettings } from '../../domain/moderation/settings.js';
import { compileWordList } from '../../domain/moderation/wordlist.js';
import type { SiteRuntime } from '../moderation/runtime.js';
import { createPreparePool, prepareInline, type CommentPreparer } from './prepare-pool.js';

function runtimeWith(over: Partial<ModerationSettings>, models: SiteRuntime['models'] = {}): SiteRuntime {
  const settings = { ...DEFAULT_MODERATION_SETTINGS, ...over };
  return {
    settings,
    banned: compileWordList(settings.bannedWords, settings.allowedWords),
    suspect: compileWordList(settings.suspectWords, settings.allowedWords),
    models,
    reports: { spamSource: 'none' },
    scorers: [],
    loadedAt: Date.now(),
  };
}

const BODIES = [
  'A plain remark about the harbour plan.',
  'You absolute **idiot**, read the _third_ paragraph again.',
  'Cheap pills at https://pills.example.com/buy and www.deals.example.net now!!!',
  '<script>alert(1)</script> [click](javascript:alert(1)) and `code`',
  '> quoted\n\n- one\n- two\n\n1. first\n2. second',
  'THIS IS ALL IN CAPITALS AND VERY LOUD INDEED',
  'Frobnicating the w1bble is a scam, you crook.',
  'نص عربي مع English و emoji 🙂',
];

async function ready(pool: CommentPreparer, runtime: SiteRuntime) {
  // The first call starts the worker; wait (on a condition) until it answers.
  await pool.prepare(runtime, 'start');
  for (let i = 0; i < 600 && pool.ready === 0; i++) await new Promise((r) => setTimeout(r, 50));
  expect(pool.ready).toBe(1);
}

describe('prepare pool', () => {
  const pool = createPreparePool(1);
  afterAll(() => pool.close());

  const model = train(
    [
      { features: extractFeatures('buy cheap pills now'), label: 1 as const },
      { features: extractFeatures('the council meeting was long'), label: 0 as const },
    ],
    {},
  );
  const runtime = runtimeWith({ bannedWords: ['frobnicat*'], suspectWords: ['scam*', 'crook*'], allowedWords: ['scampi'] }, { spam: model, toxicity: model });

  it('answers inline while its worker starts', async () => {
    const fresh = createPreparePool(1);
    try {
      expect(fresh.ready).toBe(0);
      expect(await fresh.prepare(runtime, BODIES[1]!)).toEqual(prepareInline(runtime, BODIES[1]!));
    } finally {
      await fresh.close();
    }
  });

  it('gives on a worker thread exactly what the inline functions give', async () => {
    await ready(pool, runtime);
    const results = await Promise.all(BODIES.map((b) => pool.prepare(runtime, b)));
    expect(results).toEqual(BODIES.map((b) => prepareInline(runtime, b)));
    // The hostile markup is rendered harmless there too.
    expect(results[3]!.html).not.toMatch(/<script|href="javascript:/);
    expect(results[6]!.local.words.banned.map((m) => m.entry)).toEqual(['frobnicat*']);
    expect(results[2]!.local.models.spam).toBeGreaterThan(0);
  });

  it('uses a site runtime rebuilt after its settings changed', async () => {
    await ready(pool, runtime);
    const changed = runtimeWith({ bannedWords: ['harbour'] });
    const [before, after] = await Promise.all([pool.prepare(runtime, BODIES[0]!), pool.prepare(changed, BODIES[0]!)]);
    expect(before.local.words.banned).toEqual([]);
    expect(after.local.words.banned.map((m) => m.entry)).toEqual(['harbour']);
  });

  it('answers inline when its worker is gone, requests in flight included', async () => {
    const fragile = createPreparePool(1);
    try {
      await ready(fragile, runtime);
      const inFlight = fragile.prepare(runtime, BODIES[1]!);
      await fragile.close(); // the worker ends with a request in flight
      expect(await inFlight).toEqual(prepareInline(runtime, BODIES[1]!));
      expect(fragile.ready).toBe(0);
      expect(await fragile.prepare(runtime, BODIES[2]!)).toEqual(prepareInline(runtime, BODIES[2]!));
    } finally {
      await fragile.close();
    }
  });

  it('runs everything inline with no threads', async () => {
    const none = createPreparePool(0);
    expect(await none.prepare(runtime, BODIES[4]!)).toEqual(prepareInline(runtime, BODIES[4]!));
    expect(none.ready).toBe(0);
  });
});
