// Writes a site's data in the Parley export format (format.ts): every table of EXPORT_TABLES
// that exists, page by page in key order, one row per line.
import type { Site } from '../domain/types.js';
import type { Store } from '../store/store.js';
import type { ProgressSink } from '../services/imports/progress.js';
import { EXPORT_FORMAT, EXPORT_TABLES, EXPORT_VERSION, type ExportHeader } from './format.js';
import type { LineWriter } from './writer.js';

const PAGE = 1000;

export async function writeParleyExport(store: Store, site: Site, out: LineWriter, opts: { now: Date; progress: ProgressSink }): Promise<Record<string, number>> {
  const present: typeof EXPORT_TABLES = [];
  for (const t of EXPORT_TABLES) if ((await store.imports.tableColumns(t.name)).length > 0) present.push(t);
  const [siteRow] = await store.imports.exportPage({ table: 'sites', where: [{ column: 'id', op: '=', value: site.id }], orderBy: ['id'], limit: 1 });
  const header: ExportHeader = { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: opts.now.toISOString(), site: siteRow ?? {}, tables: present.map((t) => t.name) };
  await out.write(`${JSON.stringify(header)}\n`);

  // Users: those the site's rows refer to.
  const userRefs: { table: string; column: string }[] = [{ table: 'comments', column: 'author_id' }];
  for (const t of present) for (const [column, kind] of Object.entries(t.refs)) if (kind === 'user') userRefs.push({ table: t.name, column });

  const counts: Record<string, number> = {};
  let total = 0;
  opts.progress.start('exporting', 'rows', null);
  for (const t of present) {
    let n = 0;
    let after: unknown[] | undefined;
    for (;;) {
      const rows =
        t.name === 'users'
          ? await store.imports.exportUsers({ siteId: site.id, refs: userRefs, afterId: after?.[0] as string | undefined, limit: PAGE })
          : await store.imports.exportPage({ table: t.name, where: [{ column: 'site_id', op: '=', value: site.id }], orderBy: t.orderBy, after, limit: PAGE });
      if (rows.length === 0) break;
      let chunk = '';
      for (const row of rows) chunk += `${JSON.stringify({ table: t.name, row })}\n`;
      await out.write(chunk);
      n += rows.length;
      total += rows.length;
      opts.progress.update(total, t.name);
      const last = rows[rows.length - 1]!;
      after = t.orderBy.map((c) => last[c]);
      if (rows.length < PAGE) break;
    }
    counts[t.name] = n;
  }
  opts.progress.finish();
  return counts;
}
