// Runs in a worker thread: renders a new comment's Markdown and works out its local moderation
// analysis (see prepare-pool.ts). Pure functions of the body and the site's lists and models.
import { parentPort } from 'node:worker_threads';
import { renderCommentMarkdown } from '../../domain/markdown.js';
import { compileWordList } from '../../domain/moderation/wordlist.js';
import { localAnalysis, type LocalRuntime } from '../moderation/evaluate.js';
import type { PrepareRequest, PrepareResponse, RuntimeSpec } from './prepare-pool.js';

/** Runtimes by key, newest last; a site's runtime is replaced every half minute at most. */
const runtimes = new Map<number, LocalRuntime>();
const KEEP = 64;

function compile(spec: RuntimeSpec): LocalRuntime {
  return { banned: compileWordList(spec.banned, spec.allowed), suspect: compileWordList(spec.suspect, spec.allowed), models: spec.models };
}

parentPort!.on('message', (req: PrepareRequest) => {
  let reply: PrepareResponse;
  try {
    if (req.spec) {
      runtimes.set(req.runtimeKey, compile(req.spec));
      if (runtimes.size > KEEP) runtimes.delete(runtimes.keys().next().value!);
    }
    const runtime = runtimes.get(req.runtimeKey);
    if (!runtime) throw new Error(`runtime ${req.runtimeKey} was never sent`);
    reply = { id: req.id, ok: true, html: renderCommentMarkdown(req.body), local: localAnalysis(runtime, req.body) };
  } catch (err) {
    reply = { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
});
parentPort!.postMessage({ ready: true });
