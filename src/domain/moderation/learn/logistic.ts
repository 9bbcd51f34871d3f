// Logistic regression over hashed features, trained with stochastic gradient descent.
// Each example's active features share a weight of 1/sqrt(count), so a long email and a short
// comment speak with the same loudness. Training can start from a prior model (the seed) and is
// regularized towards it, so a site's few hundred decisions adjust the seed instead of erasing it.
import { DEFAULT_BITS, extractFeatures, fnv1a, type Features } from './features.js';

export interface LogisticModel {
  bits: number;
  bias: number;
  weights: Float32Array;
}

export interface Example {
  features: Features;
  /** 1 for the positive class (spam, uncivil), 0 otherwise. */
  label: 0 | 1;
}

export function emptyModel(bits = DEFAULT_BITS): LogisticModel {
  return { bits, bias: 0, weights: new Float32Array(1 << bits) };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, z))));

export function predictFeatures(model: LogisticModel, features: Features): number {
  const x = features.length ? 1 / Math.sqrt(features.length) : 0;
  let z = model.bias;
  for (let i = 0; i < features.length; i++) z += model.weights[features[i]!]! * x;
  return sigmoid(z);
}

export function predict(model: LogisticModel, text: string): number {
  return predictFeatures(model, extractFeatures(text, model.bits));
}

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  /** L2 strength pulling weights towards the prior (or towards zero without one). */
  l2?: number;
  prior?: LogisticModel;
  /** Weight of positive examples relative to negative ones (for unbalanced data). */
  positiveWeight?: number;
  /** Deterministic shuffling. */
  seed?: number;
}

function shuffle<T>(items: T[], seed: number): T[] {
  let s = seed >>> 0 || 1;
  const rand = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

export function train(examples: readonly Example[], opts: TrainOptions = {}): LogisticModel {
  const bits = opts.prior?.bits ?? DEFAULT_BITS;
  const model: LogisticModel = opts.prior
    ? { bits, bias: opts.prior.bias, weights: Float32Array.from(opts.prior.weights) }
    : emptyModel(bits);
  const prior = opts.prior?.weights;
  const epochs = opts.epochs ?? 12;
  const l2 = opts.l2 ?? 1e-4;
  const posWeight = opts.positiveWeight ?? 1;
  const order = shuffle([...examples], opts.seed ?? 42);
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const rate = (opts.learningRate ?? 0.5) / (1 + epoch * 0.5);
    for (const ex of order) {
      step++;
      const p = predictFeatures(model, ex.features);
      const g = (p - ex.label) * (ex.label === 1 ? posWeight : 1);
      const x = ex.features.length ? 1 / Math.sqrt(ex.features.length) : 0;
      for (let i = 0; i < ex.features.length; i++) {
        const f = ex.features[i]!;
        const w = model.weights[f]!;
        const anchor = prior ? prior[f]! : 0;
        model.weights[f] = w - rate * (g * x + l2 * (w - anchor));
      }
      model.bias -= rate * g * 0.1;
    }
    shuffle(order, (opts.seed ?? 42) + epoch + 1);
  }
  void step;
  return model;
}

// --- Measuring ---------------------------------------------------------------------------------

export interface Metrics {
  /** Examples measured (held out from training). */
  n: number;
  positives: number;
  threshold: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
}

export function measure(scored: readonly { score: number; label: 0 | 1 }[], threshold: number): Metrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const { score, label } of scored) {
    const predicted = score >= threshold;
    if (predicted && label === 1) tp++;
    else if (predicted) fp++;
    else if (label === 1) fn++;
    else tn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    n: scored.length,
    positives: tp + fn,
    threshold,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    trueNegatives: tn,
    precision: round(precision),
    recall: round(recall),
    f1: round(precision + recall ? (2 * precision * recall) / (precision + recall) : 0),
    accuracy: round(scored.length ? (tp + tn) / scored.length : 0),
  };
}

/** Deterministic split by a key's hash: about `fraction` of keys land in the held-out part. */
export function isHeldOut(key: string, fraction = 0.2): boolean {
  return (fnv1a(`holdout:${key}`) % 1000) / 1000 < fraction;
}

// --- Storing -----------------------------------------------------------------------------------

export interface StoredModel {
  bits: number;
  bias: number;
  /** Weights quantized to signed bytes, base64; weight = byte * scale. */
  scale: number;
  weights: string;
}

export function serializeModel(model: LogisticModel): StoredModel {
  let max = 0;
  for (const w of model.weights) max = Math.max(max, Math.abs(w));
  const scale = max > 0 ? max / 127 : 1;
  const bytes = new Int8Array(model.weights.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.round(model.weights[i]! / scale);
  return { bits: model.bits, bias: model.bias, scale, weights: Buffer.from(bytes.buffer).toString('base64') };
}

export function deserializeModel(stored: StoredModel): LogisticModel {
  const buf = Buffer.from(stored.weights, 'base64');
  const bytes = new Int8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  if (bytes.length !== 1 << stored.bits) throw new Error(`model has ${bytes.length} weights, expected ${1 << stored.bits}`);
  const weights = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) weights[i] = bytes[i]! * stored.scale;
  return { bits: stored.bits, bias: stored.bias, weights };
}
