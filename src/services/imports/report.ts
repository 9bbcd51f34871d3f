// What an import did, for the operator: counts, and every record that was skipped or repaired
// with its reason and position in the file.
import { formatPosition, type Position } from '../../importers/types.js';

export interface ReportEntry {
  what: string;
  key: string | null;
  reason: string;
  position?: Position;
}

export interface ImportReport {
  importId: string | null;
  source: string;
  file: string;
  site: string;
  dryRun: boolean;
  resumed: boolean;
  records: number;
  threads: { total: number; matched: number; created: number; closed: number; deleted: number; empty: number };
  comments: {
    staged: number;
    imported: number;
    alreadyPresent: number;
    byStatus: Record<string, number>;
    /** Replies whose parent was missing (or in a loop), placed at the top level. */
    attachedToTop: number;
    skipped: number;
  };
  authors: { total: number; newProfiles: number; restored: number; existingAccounts: number; existingProfiles: number; alreadyPresent: number };
  rows: { imported: number; alreadyPresent: number; skipped: number };
  skipped: ReportEntry[];
  repaired: ReportEntry[];
  notices: string[];
  seconds: number;
  commentsPerSecond: number;
}

/** Entries kept in the report (the counts are always complete). */
export const MAX_LISTED = 1000;

export function emptyReport(init: { source: string; file: string; site: string; dryRun: boolean }): ImportReport {
  return {
    importId: null,
    ...init,
    resumed: false,
    records: 0,
    threads: { total: 0, matched: 0, created: 0, closed: 0, deleted: 0, empty: 0 },
    comments: { staged: 0, imported: 0, alreadyPresent: 0, byStatus: {}, attachedToTop: 0, skipped: 0 },
    authors: { total: 0, newProfiles: 0, restored: 0, existingAccounts: 0, existingProfiles: 0, alreadyPresent: 0 },
    rows: { imported: 0, alreadyPresent: 0, skipped: 0 },
    skipped: [],
    repaired: [],
    notices: [],
    seconds: 0,
    commentsPerSecond: 0,
  };
}

export function addEntry(list: ReportEntry[], entry: ReportEntry): void {
  if (list.length < MAX_LISTED) list.push(entry);
}

function entryLine(e: ReportEntry): string {
  return `  ${e.what}${e.key ? ` ${e.key}` : ''} (${formatPosition(e.position)}): ${e.reason}`;
}

/** The report as the command line prints it. */
export function formatReport(r: ImportReport, opts: { maxEntries?: number } = {}): string {
  const max = opts.maxEntries ?? 50;
  const lines: string[] = [];
  const c = r.comments;
  const statuses = Object.entries(c.byStatus)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  lines.push(`${r.dryRun ? 'Dry run (nothing was written)' : 'Import finished'}: ${r.source} file ${r.file} into site ${r.site}${r.importId ? ` (import ${r.importId})` : ''}${r.resumed ? ', resumed' : ''}`);
  lines.push(`  records read: ${r.records}`);
  lines.push(
    `  threads: ${r.threads.total} (${r.threads.matched} matched existing articles, ${r.threads.created} ${r.dryRun ? 'would be' : ''} created${r.threads.closed ? `, ${r.threads.closed} closed` : ''}${r.threads.deleted ? `, ${r.threads.deleted} deleted in the source (skipped)` : ''}${r.threads.empty ? `, ${r.threads.empty} without comments` : ''})`.replace('  created', ' created'),
  );
  lines.push(`  comments: ${c.imported} ${r.dryRun ? 'to import' : 'imported'}${statuses ? ` (${statuses})` : ''}, ${c.alreadyPresent} already present, ${c.skipped} skipped, ${c.attachedToTop} replies attached to the top level`);
  lines.push(
    `  authors: ${r.authors.total} (${r.authors.newProfiles} new unclaimed profiles, ${r.authors.restored ? `${r.authors.restored} restored users, ` : ''}${r.authors.existingAccounts} existing accounts, ${r.authors.existingProfiles} existing profiles, ${r.authors.alreadyPresent} from earlier imports)`,
  );
  if (r.rows.imported || r.rows.alreadyPresent || r.rows.skipped) lines.push(`  other rows: ${r.rows.imported} imported, ${r.rows.alreadyPresent} already present, ${r.rows.skipped} skipped`);
  if (r.seconds > 0) lines.push(`  time: ${r.seconds.toFixed(1)} s (${Math.round(r.commentsPerSecond)} comments/s)`);
  const list = (title: string, entries: ReportEntry[]) => {
    if (entries.length === 0) return;
    lines.push(`${title}:`);
    for (const e of entries.slice(0, max)) lines.push(entryLine(e));
    const more = entries.length - Math.min(max, entries.length);
    if (more > 0) lines.push(`  … and ${more}${entries.length >= MAX_LISTED ? ' or more' : ''} more${r.importId ? ` (up to ${MAX_LISTED} are kept in the import's stored report)` : ''}`);
  };
  list('Skipped', r.skipped);
  list('Repaired', r.repaired);
  if (r.notices.length) {
    lines.push('Notices:');
    for (const n of r.notices.slice(0, max)) lines.push(`  ${n}`);
  }
  return lines.join('\n');
}
