// The learned models: the spam seed shipped with Parley (trained on the SpamAssassin corpus by
// `parley moderation seed-spam`), and each site's models trained from its moderators' decisions.
// Every model is measured on examples held out from its training, and the figures are stored
// with it and shown in the moderation settings.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../domain/errors.js';
import { extractFeatures } from '../../domain/moderation/learn/features.js';
import { deserializeModel, isHeldOut, measure, predictFeatures, serializeModel, train, type LogisticModel, type Metrics, type StoredModel } from '../../domain/moderation/learn/logistic.js';
import type { TrainingLabel } from '../../domain/moderation/types.js';
import type { Store } from '../../store/store.js';
import { loadSpamCorpus, type LabelledText } from './spamCorpus.js';

export type ModelKind = 'spam' | 'toxicity';

export interface ModelReport {
  kind: ModelKind;
  trainedOn: string;
  trainedAt: string;
  trainingExamples: number;
  /** Measured on held-out examples at the site's hold threshold and at 0.5. */
  heldOut: { atHold: Metrics; atHalf: Metrics };
}

export const SEED_FILE = fileURLToPath(new URL('../../domain/moderation/learn/spam-seed.json', import.meta.url));

interface SeedFile {
  model: StoredModel;
  report: ModelReport;
}

let seed: { model: LogisticModel; report: ModelReport } | null | undefined;

/** The shipped spam seed, or null when the file is missing. */
export function seedSpamModel(): { model: LogisticModel; report: ModelReport } | null {
  if (seed !== undefined) return seed;
  try {
    const file = JSON.parse(readFileSync(SEED_FILE, 'utf8')) as SeedFile;
    seed = { model: deserializeModel(file.model), report: file.report };
  } catch {
    seed = null;
  }
  return seed;
}

export function trainAndMeasure(
  examples: readonly LabelledText[],
  opts: { kind: ModelKind; trainedOn: string; holdAt: number; now: Date; prior?: LogisticModel; heldOutFraction?: number },
): { model: LogisticModel; report: ModelReport } {
  const featured = examples.map((e) => ({ id: e.id, features: extractFeatures(e.text), label: e.label }));
  const trainSet = featured.filter((e) => !isHeldOut(e.id, opts.heldOutFraction));
  const testSet = featured.filter((e) => isHeldOut(e.id, opts.heldOutFraction));
  const positives = trainSet.filter((e) => e.label === 1).length;
  const model = train(trainSet, {
    ...(opts.prior ? { prior: opts.prior } : {}),
    positiveWeight: positives > 0 ? Math.max(1, (trainSet.length - positives) / positives) : 1,
  });
  const scored = testSet.map((e) => ({ score: predictFeatures(model, e.features), label: e.label }));
  return {
    model,
    report: {
      kind: opts.kind,
      trainedOn: opts.trainedOn,
      trainedAt: opts.now.toISOString(),
      trainingExamples: trainSet.length,
      heldOut: { atHold: measure(scored, opts.holdAt), atHalf: measure(scored, 0.5) },
    },
  };
}

/** Trains the spam seed on the SpamAssassin corpus (a dev dependency), held-out 20 %. */
export function trainSpamSeed(now: Date, holdAt = 0.9): { model: LogisticModel; report: ModelReport; stored: SeedFile } {
  const corpus = loadSpamCorpus();
  const { model, report } = trainAndMeasure(corpus, { kind: 'spam', trainedOn: `SpamAssassin public corpus (${corpus.length} emails: subject and body)`, holdAt, now });
  return { model, report, stored: { model: serializeModel(model), report } };
}

const MIN_PER_CLASS = 10;

/** Trains a site's model from the labels its moderators' decisions left. */
export async function trainSiteModel(
  store: Store,
  input: { siteId: string; kind: ModelKind; holdAt: number; now: Date; useSeed: boolean },
): Promise<ModelReport> {
  const labels: TrainingLabel[] = input.kind === 'spam' ? ['ham', 'spam', 'uncivil'] : ['ham', 'uncivil'];
  const rows = await store.moderation.listLabelled({ siteId: input.siteId, labels, limit: 20_000 });
  const positive: TrainingLabel = input.kind === 'spam' ? 'spam' : 'uncivil';
  const examples: LabelledText[] = rows.map((r) => ({ id: r.commentId, text: r.body, label: r.label === positive ? 1 : 0 }));
  const pos = examples.filter((e) => e.label === 1).length;
  const neg = examples.length - pos;
  if (pos < MIN_PER_CLASS || neg < MIN_PER_CLASS) {
    throw new AppError('validation_failed', {
      detail: `Not enough decisions to learn from yet: ${pos} ${positive} and ${neg} other labelled comments; at least ${MIN_PER_CLASS} of each are needed.`,
      fields: [{ field: 'kind', code: 'not_enough_examples', message: `Needs at least ${MIN_PER_CLASS} examples of each class (has ${pos} and ${neg}).` }],
    });
  }
  const prior = input.kind === 'spam' && input.useSeed ? seedSpamModel()?.model : undefined;
  const { model, report } = trainAndMeasure(examples, {
    kind: input.kind,
    trainedOn: `${examples.length} moderator decisions on this site${prior ? ', starting from the SpamAssassin seed' : ''}`,
    holdAt: input.holdAt,
    now: input.now,
    ...(prior ? { prior } : {}),
  });
  await store.moderation.saveModel({ siteId: input.siteId, kind: input.kind, model: JSON.stringify(serializeModel(model)), metrics: JSON.stringify(report), trainedAt: report.trainedAt });
  return report;
}

export async function loadSiteModel(store: Store, siteId: string, kind: ModelKind): Promise<{ model: LogisticModel; report: ModelReport } | null> {
  const row = await store.moderation.getModel({ siteId, kind });
  if (!row) return null;
  try {
    return { model: deserializeModel(JSON.parse(row.model) as StoredModel), report: JSON.parse(row.metrics) as ModelReport };
  } catch {
    return null;
  }
}
