// The site a Parley export is restored into: the one named by --site (or the export's own slug)
// when it exists, else a new site made from the export's site row (same id when free).
import type { ExportHeader } from '../../export/format.js';
import { DEFAULT_SITE_SETTINGS, type Site } from '../../domain/types.js';
import type { ServiceDeps } from '../deps.js';

export async function restoreSite(deps: ServiceDeps, opts: { header: ExportHeader; slug: string | undefined; dryRun: boolean }): Promise<Site> {
  const { store, newId, clock } = deps;
  const row = opts.header.site;
  const slug = opts.slug ?? String(row.slug);
  const existing = await store.getSiteBySlug({ slug });
  if (existing) return existing;
  const wantedId = typeof row.id === 'string' ? row.id : null;
  const idFree = wantedId !== null && !(await store.getSite({ id: wantedId }));
  const id = idFree ? wantedId! : newId();
  const createdAt = typeof row.created_at === 'string' ? row.created_at : clock().toISOString();
  const site: Site = {
    id,
    slug,
    name: typeof row.name === 'string' ? row.name : slug,
    publicUrl: typeof row.public_url === 'string' ? row.public_url : null,
    settings: { ...DEFAULT_SITE_SETTINGS, ...(typeof row.settings === 'string' ? safeParse(row.settings) : {}) },
    createdAt,
  };
  if (opts.dryRun) return site;
  const cols = new Set(await store.imports.tableColumns('sites'));
  const full: Record<string, unknown> = {};
  for (const [k, v] of Object.entries({ ...row, id, slug, created_at: createdAt })) if (cols.has(k)) full[k] = v;
  await store.imports.insertRows({ table: 'sites', rows: [full], conflict: ['id'] });
  return (await store.getSiteBySlug({ slug })) ?? site;
}

function safeParse(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
