// Reads an article file: YAML front matter between `---` lines, then the Markdown body. Every
// problem is reported with its line and column in the file, so a writer can go straight to it.
// The keys are documented in docs/publishing.md.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { ArticleInputSchema, type ArticleInput } from '../services/articles/input.js';

export interface Position {
  line: number;
  col: number;
}

export interface FileProblem extends Position {
  message: string;
}

export interface ImageRef {
  /** As written: a path relative to the file, a /media/… path or an https:// URL. */
  path: string;
  at: Position;
}

export interface ParsedArticleFile {
  /** The input, except that image sources may still be local paths (see `images`). */
  raw: Record<string, unknown>;
  body: string;
  /** 1-based line of the file where the body starts. */
  bodyLine: number;
  /** Where each front matter key (`lead_image.alt`, `authors.1`) was written. */
  positions: Map<string, Position>;
  leadImage: ImageRef | null;
}

export type ParseResult = { ok: true; file: ParsedArticleFile } | { ok: false; problems: FileProblem[] };

/** Front matter keys and the input field each one fills. */
const KEYS: Record<string, string> = {
  title: 'title',
  dek: 'dek',
  slug: 'slug',
  external_id: 'externalId',
  authors: 'authors',
  published: 'publishedAt',
  updated: 'updatedAt',
  lead_image: 'leadImage',
  tags: 'tags',
  section: 'section',
  comments: 'comments',
  close_after_days: 'closeAfterDays',
  status: 'status',
};
const IMAGE_KEYS: Record<string, string> = { path: 'src', alt: 'alt', caption: 'caption', credit: 'credit', width: 'width', height: 'height' };
const FIELD_TO_KEY = Object.fromEntries(Object.entries(KEYS).map(([k, f]) => [f, k]));
const IMAGE_FIELD_TO_KEY = Object.fromEntries(Object.entries(IMAGE_KEYS).map(([k, f]) => [f, k]));

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length]![b.length]!;
}

function unknownKey(key: string, known: string[]): string {
  const near = known.filter((k) => distance(key, k) <= 2);
  return `unknown key "${key}"${near.length ? ` — did you mean "${near[0]}"?` : ''} (known keys: ${known.join(', ')})`;
}

/** A list written either as a YAML list or as one comma-separated line ("a, b"). */
function listValue(value: unknown, splitCommas: boolean): unknown {
  if (typeof value === 'string') return splitCommas ? value.split(',').map((s) => s.trim()).filter(Boolean) : [value];
  return value;
}

export function splitFrontMatter(text: string): { yaml: string; body: string; yamlLine: number; bodyLine: number } | null {
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!src.startsWith('---\n')) return null;
  const end = /^(?:---|\.\.\.)[ \t]*$/m;
  const rest = src.slice(4);
  const m = end.exec(rest);
  if (!m) return null;
  const yaml = rest.slice(0, m.index);
  const after = rest.slice(m.index + m[0].length).replace(/^\n/, '');
  const yamlLines = yaml.split('\n').length - (yaml.endsWith('\n') ? 1 : 0);
  return { yaml, body: after, yamlLine: 2, bodyLine: 2 + yamlLines + 1 };
}

export function parseArticleFile(text: string): ParseResult {
  const parts = splitFrontMatter(text);
  if (!parts) {
    return { ok: false, problems: [{ line: 1, col: 1, message: 'no front matter: start the file with a line "---", the YAML keys, then another "---"' }] };
  }
  const lines = new LineCounter();
  const doc: Document = parseDocument(parts.yaml, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, schema: 'core' });
  const at = (offset: number | undefined): Position => {
    const p = lines.linePos(offset ?? 0);
    return { line: p.line + parts.yamlLine - 1, col: p.col };
  };
  if (doc.errors.length) {
    return { ok: false, problems: doc.errors.map((e) => ({ ...at(e.pos[0]), message: `YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}` })) };
  }
  if (!isMap(doc.contents)) return { ok: false, problems: [{ line: parts.yamlLine, col: 1, message: 'the front matter must be a set of "key: value" lines' }] };

  const problems: FileProblem[] = [];
  const positions = new Map<string, Position>();
  const raw: Record<string, unknown> = {};
  let leadImage: ImageRef | null = null;
  // A scalar is pointed at by its value ("title: <here>"); a list or map by its key.
  const mark = (path: string, node: Node | null | undefined, keyNode?: unknown) => {
    const keyRange = (keyNode as { range?: number[] } | undefined)?.range;
    const range = (isMap(node) || isSeq(node)) && keyRange ? keyRange : ((node as { range?: number[] } | null)?.range ?? keyRange);
    positions.set(path, at(range?.[0]));
  };

  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const keyPos = at((pair.key as { range?: [number] } | null)?.range?.[0]);
    const field = KEYS[key];
    if (!field) {
      problems.push({ ...keyPos, message: unknownKey(key, Object.keys(KEYS)) });
      continue;
    }
    const valueNode = pair.value as Node | null;
    mark(field, valueNode, pair.key);
    if (isSeq(valueNode)) valueNode.items.forEach((item, i) => mark(`${field}.${i}`, item as Node));
    const value = valueNode ? (valueNode as Node).toJSON() : null;

    if (field === 'leadImage') {
      if (value === null) {
        raw.leadImage = null;
        continue;
      }
      if (!isMap(valueNode)) {
        problems.push({ ...positions.get(field)!, message: 'lead_image needs keys: path, alt, and optionally caption and credit' });
        continue;
      }
      const image: Record<string, unknown> = {};
      for (const sub of valueNode.items) {
        const subKey = isScalar(sub.key) ? String(sub.key.value) : '';
        const subField = IMAGE_KEYS[subKey];
        if (!subField) {
          problems.push({ ...at((sub.key as { range?: [number] } | null)?.range?.[0]), message: unknownKey(subKey, Object.keys(IMAGE_KEYS)).replace('unknown key', 'unknown lead_image key') });
          continue;
        }
        mark(`leadImage.${subField}`, sub.value as Node, sub.key);
        const subValue = sub.value ? (sub.value as Node).toJSON() : null;
        image[subField] = typeof subValue === 'number' && (subField === 'alt' || subField === 'caption' || subField === 'credit') ? String(subValue) : subValue;
      }
      if (typeof image.src === 'string') leadImage = { path: image.src, at: positions.get('leadImage.src')! };
      raw.leadImage = image;
      continue;
    }
    if (field === 'authors') raw.authors = listValue(value, false);
    else if (field === 'tags') raw.tags = listValue(value, true);
    // YAML reads `2026` or `1.5` as numbers and `yes` as text; titles and ids are text.
    else if (['title', 'dek', 'slug', 'externalId', 'section'].includes(field) && (typeof value === 'number' || typeof value === 'boolean')) raw[field] = String(value);
    else raw[field] = value;
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, file: { raw, body: parts.body, bodyLine: parts.bodyLine, positions, leadImage } };
}

/** Validates the input (once image paths are replaced by addresses) and maps errors to positions. */
export function validateArticleInput(file: ParsedArticleFile, raw: Record<string, unknown>): { ok: true; input: ArticleInput } | { ok: false; problems: FileProblem[] } {
  const parsed = ArticleInputSchema.safeParse({ ...raw, body: file.body });
  if (parsed.success) return { ok: true, input: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => issueToProblem(file, issue)) };
}

function issueToProblem(file: ParsedArticleFile, issue: z.core.$ZodIssue): FileProblem {
  const path = issue.path.map(String);
  const field = path[0] ?? '';
  if (field === 'body') return { line: file.bodyLine, col: 1, message: `body: ${issue.message}` };
  const keys = [...path];
  let pos: Position | undefined;
  while (keys.length && !(pos = file.positions.get(keys.join('.')))) keys.pop();
  const name =
    field === 'leadImage' && path[1] ? `lead_image.${IMAGE_FIELD_TO_KEY[path[1]] ?? path[1]}` : `${FIELD_TO_KEY[field] ?? field}${path.length > 1 ? `[${path.slice(1).join('.')}]` : ''}`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return { line: 1, col: 1, message: `${name} is required` };
  return { ...(pos ?? { line: 1, col: 1 }), message: `${name}: ${issue.message}` };
}
