// `parley publish DIR [--site SLUG] [--json]`: publishes a folder of Markdown articles into the
// configured database, printing one line per file. Exits 1 when any file was rejected, 2 on a
// usage problem.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { createUlidGenerator, systemClock } from '../domain/ids.js';
import { createMemoryBus } from '../realtime/bus.js';
import { imageDirFor } from '../services/images/ingestImage.js';
import { connect, migrateToLatest } from '../store/connect.js';
import { KyselyStore } from '../store/kysely-store.js';
import { formatReport, publishDir } from './publishDir.js';

export const PUBLISH_HELP = `  publish DIR           Create or update articles from the Markdown files in DIR (see docs/publishing.md)
      [--site SLUG] [--json]`;

export async function runPublishCommand(args: string[], out: { log(s: string): void; error(s: string): void } = console): Promise<number> {
  let values: { site?: string; json?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args, allowPositionals: true, options: { site: { type: 'string' }, json: { type: 'boolean', default: false } } }));
  } catch (err) {
    out.error(`parley: ${(err as Error).message}`);
    return 2;
  }
  const dir = positionals[0];
  if (!dir || positionals.length > 1) {
    out.error('parley: publish needs exactly one folder: parley publish DIR [--site SLUG]');
    return 2;
  }
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    out.error(`parley: publish: "${dir}" is not a folder`);
    return 2;
  }
  const config = loadConfig();
  const connection = connect(config.database);
  try {
    await migrateToLatest(connection.db);
    const store = new KyselyStore(connection.db, connection.dialect);
    const site = values.site ? await store.getSiteBySlug({ slug: values.site }) : (await store.listSites())[0];
    if (!site) {
      out.error(values.site ? `parley: publish: no site "${values.site}"` : 'parley: publish: no site yet — run `parley serve` once (it sets the site up) or create one');
      return 2;
    }
    const deps = { store, clock: systemClock, newId: createUlidGenerator(), events: createMemoryBus(), imageDir: imageDirFor(config.dataDir) };
    const reports = await publishDir(deps, { site, dir });
    out.log(values.json ? JSON.stringify({ site: site.slug, files: reports }, null, 2) : formatReport(reports));
    return reports.some((r) => r.outcome === 'rejected') ? 1 : 0;
  } finally {
    await connection.close();
  }
}
