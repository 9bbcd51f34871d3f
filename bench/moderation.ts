// Moderation scorers: milliseconds per comment in-process, and their precision and recall on
// labelled data (the examples written for Parley, and the SpamAssassin corpus for the spam seed).
// Run: npx tsx bench/moderation.ts   (add --seed to retrain and re-measure the spam seed: ~15 s)
import { performance } from 'node:perf_hooks';
import { extractFeatures } from '../src/domain/moderation/learn/features.js';
import { isHeldOut, measure, predictFeatures, train } from '../src/domain/moderation/learn/logistic.js';
import { moderate } from '../src/domain/moderation/pipeline.js';
import { DEFAULT_MODERATION_SETTINGS } from '../src/domain/moderation/settings.js';
import { incivilitySignals, spamSignals } from '../src/domain/moderation/signals.js';
import { COMMENT_SPAM, INCIVILITY_EXAMPLES } from '../src/domain/moderation/testdata/incivility-examples.js';
import { compileWordList } from '../src/domain/moderation/wordlist.js';
import { seedSpamModel, trainSpamSeed } from '../src/services/moderation/models.js';
import { analyzeText } from '../src/services/moderation/evaluate.js';
import { demoComments } from '../src/seed/demo-content.js';

const texts = [...INCIVILITY_EXAMPLES.map((e) => e.text), ...COMMENT_SPAM, ...demoComments.map((c) => c.body)];

function time(label: string, fn: (text: string) => unknown, rounds = 20): number {
  for (const t of texts) fn(t); // warm up
  const start = performance.now();
  for (let r = 0; r < rounds; r++) for (const t of texts) fn(t);
  const ms = (performance.now() - start) / (rounds * texts.length);
  console.log(`${label.padEnd(46)} ${ms.toFixed(4)} ms per comment`);
  return ms;
}

const seed = seedSpamModel();
const runtime = {
  settings: DEFAULT_MODERATION_SETTINGS,
  banned: compileWordList(['frobnicat*', 'wibble', 'go away forever']),
  suspect: compileWordList(['scam*', 'crook*']),
  models: { ...(seed ? { spam: seed.model, toxicity: seed.model } : {}) },
  reports: { spamSource: 'seed' as const },
  scorers: [],
  loadedAt: Date.now(),
};

const avgLen = Math.round(texts.reduce((a, t) => a + t.length, 0) / texts.length);
console.log(`${texts.length} comments, average ${avgLen} characters (the demo essay is ${Math.max(...texts.map((t) => t.length))})\n`);
time('incivility signals (lexicon + rules)', (t) => incivilitySignals(t));
time('spam signals (rules)', (t) => spamSignals(t));
time('hashed n-gram features', (t) => extractFeatures(t));
if (seed) time('logistic model (features + predict)', (t) => predictFeatures(seed.model, extractFeatures(t)));
const all = time('whole analysis + pipeline (2 models, 2 lists)', (t) => {
  void analyzeText(runtime, t).then((analysis) =>
    moderate({ now: new Date(), body: t, settings: { moderationMode: 'post' }, article: { commentsMode: 'open' }, author: { role: 'commenter', isOperator: false }, analysis }),
  );
});
console.log(all < 5 ? `→ within the 5 ms budget (${(5 / all).toFixed(0)}× headroom)\n` : '→ OVER the 5 ms budget\n');

const inc = INCIVILITY_EXAMPLES.map((e) => ({ score: incivilitySignals(e.text).score, label: e.label }));
for (const th of [0.5, 0.8]) {
  const m = measure(inc, th);
  console.log(`incivility lexicon @${th}: P=${m.precision} R=${m.recall} F1=${m.f1} (n=${m.n}, ${m.positives} uncivil, FP=${m.falsePositives})`);
}
// The learned incivility model, trained on 80 % of the examples and measured on the rest.
const ex = INCIVILITY_EXAMPLES.map((e, i) => ({ id: `ex${i}`, features: extractFeatures(e.text), label: e.label }));
const model = train(ex.filter((e) => !isHeldOut(e.id, 0.3)), {});
const held = ex.filter((e) => isHeldOut(e.id, 0.3)).map((e) => ({ score: predictFeatures(model, e.features), label: e.label }));
for (const th of [0.5, 0.8]) {
  const m = measure(held, th);
  console.log(`incivility model (trained on ${ex.length - held.length}, held out ${held.length}) @${th}: P=${m.precision} R=${m.recall} F1=${m.f1}`);
}
const sp = [...COMMENT_SPAM.map((t) => ({ t, label: 1 as const })), ...INCIVILITY_EXAMPLES.map((e) => ({ t: e.text, label: 0 as const }))];
const rules = measure(sp.map((s) => ({ score: spamSignals(s.t).score, label: s.label })), 0.5);
console.log(`spam rules on comments @0.5: P=${rules.precision} R=${rules.recall} (n=${rules.n}, ${rules.positives} spam)`);
if (seed) {
  for (const th of [0.5, 0.9]) {
    const m = measure(sp.map((s) => ({ score: predictFeatures(seed.model, extractFeatures(s.t)), label: s.label })), th);
    console.log(`spam seed (emails) on comments @${th}: P=${m.precision} R=${m.recall} FP=${m.falsePositives} — why it never decides alone`);
  }
  const h = seed.report.heldOut;
  console.log(`spam seed on held-out emails (${h.atHold.n}, ${h.atHold.positives} spam): @${h.atHold.threshold} P=${h.atHold.precision} R=${h.atHold.recall}; @0.5 P=${h.atHalf.precision} R=${h.atHalf.recall}`);
}
if (process.argv.includes('--seed')) {
  const started = performance.now();
  const { report } = trainSpamSeed(new Date());
  console.log(`retrained seed in ${((performance.now() - started) / 1000).toFixed(1)} s: @0.9 P=${report.heldOut.atHold.precision} R=${report.heldOut.atHold.recall}`);
}
