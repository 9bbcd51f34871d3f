// `parley publish DIR`: every Markdown file of a folder becomes an article, created or updated by
// its external id or slug. Images named by a path relative to the file (the lead image, and
// figures written as `::: figure images/map.png`) are uploaded first and replaced by their
// addresses. Running it again on the same files changes nothing. Each file gets a line in the
// report: created, updated, unchanged, or rejected with the reasons and where they are.
import fs from 'node:fs/promises';
import path from 'node:path';
import { isSeq, LineCounter, parseDocument } from 'yaml';
import { isAppError } from '../domain/errors.js';
import type { Site } from '../domain/types.js';
import { saveAuthor } from '../services/articles/authors.js';
import { describeFigureProblem, renderBody } from '../services/articles/render.js';
import { saveArticle, type SaveOutcome } from '../services/articles/saveArticle.js';
import type { ServiceDeps } from '../services/deps.js';
import { ingestImage } from '../services/images/ingestImage.js';
import { parseArticleFile, validateArticleInput, type FileProblem, type Position } from './frontMatter.js';

export interface FileReport {
  /** Path relative to the folder. */
  file: string;
  outcome: SaveOutcome | 'rejected';
  slug?: string;
  state?: 'draft' | 'scheduled' | 'published';
  problems?: FileProblem[];
}

export interface PublishDeps extends ServiceDeps {
  imageDir: string;
}

const AUTHORS_FILES = ['authors.yml', 'authors.yaml'];
const FIGURE_LINE = /^([ \t]{0,3}:::[ \t]*figure[ \t]+)(\S+)([ \t]*)$/gim;

/** The Markdown files of a folder, recursively, in path order; README.md and _/. names are skipped. */
export async function listArticleFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (sub: string) => {
    const entries = await fs.readdir(path.join(dir, sub), { withFileTypes: true });
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.') || e.name.startsWith('_') || e.name === 'node_modules') continue;
      const rel = sub ? `${sub}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(rel);
      else if (e.isFile() && /\.md$/i.test(e.name) && e.name.toLowerCase() !== 'readme.md') out.push(rel);
    }
  };
  await walk('');
  return out;
}

function isAddress(src: string): boolean {
  return src.startsWith('/') || /^https?:\/\//i.test(src);
}

class Rejection extends Error {
  constructor(readonly problems: FileProblem[]) {
    super(problems.map((p) => p.message).join('; '));
  }
}

async function uploadLocal(deps: PublishDeps, site: Site, baseDir: string, root: string, relPath: string, at: Position): Promise<string> {
  const full = path.resolve(baseDir, relPath);
  if (full !== root && !full.startsWith(root + path.sep)) throw new Rejection([{ ...at, message: `image "${relPath}" is outside the folder being published` }]);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(full);
  } catch {
    throw new Rejection([{ ...at, message: `image "${relPath}" not found (looked for ${path.relative(root, full)})` }]);
  }
  try {
    const image = await ingestImage(deps, { siteId: site.id, bytes, originalName: path.basename(full) });
    return image.src;
  } catch (err) {
    if (isAppError(err)) throw new Rejection([{ ...at, message: `image "${relPath}": ${err.detail ?? err.message}` }]);
    throw err;
  }
}

async function publishFile(deps: PublishDeps, site: Site, root: string, rel: string): Promise<FileReport> {
  const full = path.join(root, rel);
  const text = await fs.readFile(full, 'utf8');
  const parsed = parseArticleFile(text);
  if (!parsed.ok) return { file: rel, outcome: 'rejected', problems: parsed.problems };
  const file = parsed.file;
  const baseDir = path.dirname(full);
  try {
    const raw = { ...file.raw };
    if (file.leadImage && !isAddress(file.leadImage.path)) {
      raw.leadImage = { ...(raw.leadImage as object), src: await uploadLocal(deps, site, baseDir, root, file.leadImage.path, file.leadImage.at) };
    }
    // Figures naming local files: upload them and write their addresses into the body.
    const replacements = new Map<string, string>();
    for (const m of file.body.matchAll(FIGURE_LINE)) {
      const src = m[2]!;
      if (isAddress(src) || replacements.has(src)) continue;
      const line = file.bodyLine + file.body.slice(0, m.index).split('\n').length - 1;
      replacements.set(src, await uploadLocal(deps, site, baseDir, root, src, { line, col: m[1]!.length + 1 }));
    }
    file.body = file.body.replace(FIGURE_LINE, (whole, head: string, src: string, tail: string) => (replacements.has(src) ? `${head}${replacements.get(src)}${tail}` : whole));

    const valid = validateArticleInput(file, raw);
    if (!valid.ok) return { file: rel, outcome: 'rejected', problems: valid.problems };
    if (valid.input.status !== 'draft') {
      const { problems } = await renderBody(deps.store, site.id, valid.input.body);
      if (problems.length) {
        return {
          file: rel,
          outcome: 'rejected',
          problems: problems.map((p) => ({ line: file.bodyLine + p.line - 1, col: 1, message: `figure: ${describeFigureProblem(p).replace(/^line \d+: /, '')}` })),
        };
      }
    }
    const saved = await saveArticle(deps, { site, actor: null, input: valid.input });
    return { file: rel, outcome: saved.outcome, slug: saved.article.slug, state: saved.state };
  } catch (err) {
    if (err instanceof Rejection) return { file: rel, outcome: 'rejected', problems: err.problems };
    if (isAppError(err)) {
      const problems = (err.fields?.length ? err.fields : [{ field: '', message: err.detail ?? err.message }]).map((f) => {
        const key = f.field.replace(/^leadImage\.src$/, 'leadImage.src');
        const pos = file.positions.get(key) ?? file.positions.get(key.split('.')[0] ?? '') ?? { line: 1, col: 1 };
        return { ...pos, message: f.message };
      });
      return { file: rel, outcome: 'rejected', problems };
    }
    throw err;
  }
}

async function publishAuthors(deps: PublishDeps, site: Site, root: string): Promise<FileReport[]> {
  const reports: FileReport[] = [];
  for (const name of AUTHORS_FILES) {
    let text: string;
    try {
      text = await fs.readFile(path.join(root, name), 'utf8');
    } catch {
      continue;
    }
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
    const at = (offset: number | undefined) => lines.linePos(offset ?? 0);
    if (doc.errors.length) {
      const e = doc.errors[0]!;
      reports.push({ file: name, outcome: 'rejected', problems: [{ ...at(e.pos[0]), message: `YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}` }] });
      continue;
    }
    if (!isSeq(doc.contents)) {
      reports.push({ file: name, outcome: 'rejected', problems: [{ line: 1, col: 1, message: 'expected a list of authors, each with name and bio' }] });
      continue;
    }
    const counts: Record<string, number> = {};
    const problems: FileProblem[] = [];
    for (const item of doc.contents.items) {
      const pos = at((item as unknown as { range?: number[] } | null)?.range?.[0]);
      const e = ((item as { toJSON?: () => unknown } | null)?.toJSON?.() ?? {}) as { name?: unknown; bio?: unknown };
      if (typeof e !== 'object' || typeof e.name !== 'string') {
        problems.push({ ...pos, message: "give the author's name (name: …) and optionally a bio (bio: …)" });
        continue;
      }
      try {
        const { outcome } = await saveAuthor(deps, { site, actor: null, name: e.name, bio: typeof e.bio === 'string' ? e.bio : '' });
        counts[outcome] = (counts[outcome] ?? 0) + 1;
      } catch (err) {
        if (!isAppError(err)) throw err;
        problems.push({ ...pos, message: `${e.name}: ${err.detail ?? err.message}` });
      }
    }
    const outcome: FileReport['outcome'] = problems.length ? 'rejected' : counts.created ? 'created' : counts.updated ? 'updated' : 'unchanged';
    reports.push({ file: name, outcome, ...(problems.length ? { problems } : {}) });
  }
  return reports;
}

export async function publishDir(deps: PublishDeps, input: { site: Site; dir: string }): Promise<FileReport[]> {
  const root = path.resolve(input.dir);
  const reports = await publishAuthors(deps, input.site, root);
  for (const rel of await listArticleFiles(root)) reports.push(await publishFile(deps, input.site, root, rel));
  return reports;
}

/** The report as lines for a terminal: one per file, problems as `file:line:col: message`. */
export function formatReport(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    if (r.outcome === 'rejected') {
      lines.push(`rejected   ${r.file}`);
      for (const p of r.problems ?? []) lines.push(`  ${r.file}:${p.line}:${p.col}: ${p.message}`);
    } else {
      lines.push(`${r.outcome.padEnd(10)} ${r.file}${r.slug ? ` → /articles/${r.slug}${r.state && r.state !== 'published' ? ` (${r.state})` : ''}` : ''}`);
    }
  }
  const count = (o: FileReport['outcome']) => reports.filter((r) => r.outcome === o).length;
  lines.push(`${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged, ${count('rejected')} rejected`);
  return lines.join('\n');
}
