// Sections, tags and authors are "terms" articles are listed under. A term's key is the URL
// segment of its page: the name with ASCII letters lower-cased and spaces turned into hyphens.
// The triggers of migration 0005 compute the same key in SQL (where lower() folds ASCII only),
// so this must stay exactly that rule.

export function termKey(name: string): string {
  return name
    .replace(/^ +| +$/g, '')
    .replace(/ /g, '-')
    .replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Collapses runs of whitespace and trims: how names are stored. */
export function cleanName(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

/** Clean, non-empty, de-duplicated (by key) names, in their first order. */
export function cleanNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of names) {
    const name = cleanName(raw);
    const key = termKey(name);
    if (!name || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}
