// `parley embed show|set`: the embed settings of a site (issue 7).
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.js';
import { connect, migrateToLatest } from '../../store/connect.js';
import { KyselyStore } from '../../store/kysely-store.js';
import type { EmbedSettings } from '../../store/store.js';
import { applyEmbedPatch, EmbedSettingsPatch } from './settings.js';
import { CliUsageError } from '../../cli-usage.js';

export const EMBED_HELP = `  embed show [--site SLUG]        Show where the site may be embedded and how pages map to threads
  embed set [--site SLUG]         Change it:
      [--allow ORIGIN]... [--disallow ORIGIN]... [--origins ORIGIN,ORIGIN]
      [--auto-create on|off] [--scheme https|http|keep] [--trailing-slash strip|keep]
      [--drop-query NAME,PREFIX*,...|*] [--lang LANG|none]`;

export class EmbedUsageError extends CliUsageError {}

function describe(slug: string, s: EmbedSettings): string {
  return [
    `Embed settings of ${slug}:`,
    `  allowed origins  ${s.allowedOrigins.length ? s.allowedOrigins.join(', ') : '(none: embedding is off)'}`,
    `  create threads   ${s.autoCreate ? 'on first load of a page' : 'no (only pages that already have one)'}`,
    `  URL scheme       ${s.url.scheme === 'keep' ? 'http and https are different pages' : `treated as ${s.url.scheme}`}`,
    `  trailing slash   ${s.url.trailingSlash === 'strip' ? 'ignored' : 'significant'}`,
    `  query dropped    ${s.url.dropQuery.length ? s.url.dropQuery.join(', ') : '(none)'}`,
    `  language         ${s.lang ?? "the page's, else the reader's browser"}`,
  ].join('\n');
}

const onOff = (v: string | undefined, flag: string): boolean | undefined => {
  if (v === undefined) return undefined;
  if (['on', 'yes', 'true', '1'].includes(v)) return true;
  if (['off', 'no', 'false', '0'].includes(v)) return false;
  throw new EmbedUsageError(`embed set: ${flag} must be on or off`);
};
const list = (v: string | undefined) => (v === undefined ? undefined : v.split(',').map((x) => x.trim()).filter(Boolean));

export async function runEmbedCommand(args: string[], out: (line: string) => void = console.log): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'show' && sub !== 'set') throw new EmbedUsageError(`unknown command: embed ${sub ?? ''}`.trim());
  const { values } = parseArgs({
    args: rest,
    options: {
      site: { type: 'string' },
      allow: { type: 'string', multiple: true },
      disallow: { type: 'string', multiple: true },
      origins: { type: 'string' },
      'auto-create': { type: 'string' },
      scheme: { type: 'string' },
      'trailing-slash': { type: 'string' },
      'drop-query': { type: 'string' },
      lang: { type: 'string' },
    },
  });
  const config = loadConfig();
  const connection = connect(config.database);
  try {
    await migrateToLatest(connection.db);
    const store = new KyselyStore(connection.db, connection.dialect);
    const site = values.site ? await store.getSiteBySlug({ slug: values.site }) : (await store.listSites())[0];
    if (!site) throw new EmbedUsageError(values.site ? `embed: no site "${values.site}"` : 'embed: no site has been set up yet');
    const current = await store.getEmbedSettings({ siteId: site.id });
    if (sub === 'show') {
      out(describe(site.slug, current));
      return 0;
    }
    const parsed = EmbedSettingsPatch.safeParse({
      allowedOrigins: list(values.origins),
      addOrigins: values.allow,
      removeOrigins: values.disallow,
      autoCreate: onOff(values['auto-create'], '--auto-create'),
      scheme: values.scheme,
      trailingSlash: values['trailing-slash'],
      dropQuery: list(values['drop-query']),
      lang: values.lang === undefined ? undefined : values.lang === 'none' ? null : values.lang,
    });
    if (!parsed.success) {
      const flags: Record<string, string> = { allowedOrigins: '--origins', addOrigins: '--allow', removeOrigins: '--disallow', trailingSlash: '--trailing-slash', dropQuery: '--drop-query', autoCreate: '--auto-create' };
      const lines = parsed.error.issues.map((i) => `${flags[String(i.path[0])] ?? `--${String(i.path[0])}`}: ${i.message}`);
      throw new EmbedUsageError(`embed set: ${lines.join('; ')}`);
    }
    const next = applyEmbedPatch(current, parsed.data);
    await store.putEmbedSettings({ siteId: site.id, settings: next, updatedAt: new Date().toISOString() });
    out(describe(site.slug, next));
    return 0;
  } finally {
    await connection.close();
  }
}
