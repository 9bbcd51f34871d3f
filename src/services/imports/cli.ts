// `parley import …` and `parley export …`: argument parsing, progress on stderr, the report on
// stdout. Exit codes: 0 done (skipped records are listed, not fatal), 1 the file or the database
// refused (message with the position), 2 usage.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.js';
import { createUlidGenerator, systemClock } from '../../domain/ids.js';
import { exportSite, type ExportFormat } from '../../export/exportSite.js';
import { IMPORT_FORMATS, type ImportFormat } from '../../importers/index.js';
import { ImportFileError } from '../../importers/types.js';
import { createMemoryBus } from '../../realtime/bus.js';
import { connect, migrateToLatest } from '../../store/connect.js';
import { KyselyStore } from '../../store/kysely-store.js';
import type { ServiceDeps } from '../deps.js';
import { createProgress } from './progress.js';
import { formatReport } from './report.js';
import { ImportError, runImport } from './runImport.js';
import { parseUrlRule } from './url-map.js';
import { CliUsageError } from '../../cli-usage.js';

export const IMPORT_EXPORT_HELP = `  import FORMAT FILE    Import comments: FORMAT is ${IMPORT_FORMATS.join(', ')}
      [--site SLUG] [--dry-run] [--map-url 'OLD=NEW' ...] [--workers N] [--bulk]
      (an interrupted import resumes when run again; re-running changes nothing;
      --bulk: several times faster on SQLite, for a site not yet taking comments)
  export --site SLUG FILE
      [--format parley|disqus]   Write the site's data (parley: everything, restorable
                                 with \`import parley\`; disqus: Disqus-compatible XML)`;

export class CommandUsageError extends CliUsageError {}

async function withDeps<T>(fn: (deps: ServiceDeps, dataDir: string) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const connection = connect(config.database);
  try {
    await migrateToLatest(connection.db);
    const store = new KyselyStore(connection.db, connection.dialect);
    return await fn({ store, clock: systemClock, newId: createUlidGenerator(), events: createMemoryBus() }, config.dataDir);
  } finally {
    await connection.close();
  }
}

function fail(message: string): number {
  console.error(`parley: ${message}`);
  return 1;
}

export async function runImportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      site: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'map-url': { type: 'string', multiple: true, default: [] },
      workers: { type: 'string' },
      bulk: { type: 'boolean', default: false },
    },
  });
  const [format, file, ...extra] = positionals;
  if (!format || !file || extra.length) throw new CommandUsageError('usage: parley import FORMAT FILE [--site SLUG] [--dry-run] [--map-url OLD=NEW ...] [--workers N] [--bulk]');
  if (!(IMPORT_FORMATS as readonly string[]).includes(format)) throw new CommandUsageError(`import: unknown format "${format}" (one of ${IMPORT_FORMATS.join(', ')})`);
  let urlRules;
  try {
    urlRules = (values['map-url'] ?? []).map(parseUrlRule);
  } catch (err) {
    throw new CommandUsageError(`import: ${(err as Error).message}`);
  }
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 0 || workers > 16)) throw new CommandUsageError('import: --workers must be a whole number from 0 to 16');
  if (!fs.existsSync(file)) return fail(`import: no such file: ${file}`);
  try {
    const report = await withDeps((deps, dataDir) =>
      runImport(deps, {
        format: format as ImportFormat,
        file,
        site: values.site,
        dryRun: values['dry-run'],
        urlRules,
        workers,
        bulk: values.bulk,
        scratchDir: path.join(dataDir, 'imports'),
        progress: createProgress(process.stderr),
      }),
    );
    console.log(formatReport(report));
    return 0;
  } catch (err) {
    if (err instanceof ImportFileError) return fail(`import ${format}: ${path.basename(file)}: ${err.message}`);
    if (err instanceof ImportError) return fail(`import: ${err.message}`);
    throw err;
  }
}

export async function runExportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      site: { type: 'string' },
      format: { type: 'string', default: 'parley' },
    },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length) throw new CommandUsageError('usage: parley export --site SLUG FILE [--format parley|disqus]');
  if (values.format !== 'parley' && values.format !== 'disqus') throw new CommandUsageError('export: --format must be parley or disqus');
  return withDeps(async (deps) => {
    const sites = await deps.store.listSites();
    const site = values.site ? sites.find((s) => s.slug === values.site) : sites.length === 1 ? sites[0] : undefined;
    if (!site) return fail(values.site ? `export: no site "${values.site}" (sites: ${sites.map((s) => s.slug).join(', ') || 'none'})` : `export: choose a site with --site (${sites.map((s) => s.slug).join(', ') || 'none'})`);
    const progress = createProgress(process.stderr);
    const counts = await exportSite(deps, { site, file, format: values.format as ExportFormat, progress });
    console.log(`Exported site ${site.slug} to ${file} (${values.format}): ${Object.entries(counts).map(([t, n]) => `${n} ${t}`).join(', ')}`);
    return 0;
  });
}
