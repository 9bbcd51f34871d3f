// The embed's budget, from the build: everything a host page and the frame load — embed.js,
// the frame's script and stylesheet — at most 12 KB gzipped in total (the browser test counts
// what Chromium actually fetches). count.js, for article lists, is reported on its own.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { EMBED_DIR, ensureEmbedBuild, loadEmbedManifest } from '../../src/http/embed/build.js';

const BUDGET = 12 * 1024;

describe('embed build', () => {
  beforeAll(async () => {
    await ensureEmbedBuild();
  }, 120_000);

  it('fits what the embed loads in 12 KB gzipped', () => {
    const m = loadEmbedManifest();
    const size = (file: string) => {
      const raw = readFileSync(path.join(EMBED_DIR, file));
      return { raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length, served: readFileSync(path.join(EMBED_DIR, `${file}.gz`)).length };
    };
    const parts = { 'embed.js': size(m.embed), 'frame js': size(m.frameJs), 'frame css': size(m.frameCss) };
    const count = size(m.count);
    const total = Object.values(parts).reduce((n, p) => n + p.gzip, 0);
    const served = Object.values(parts).reduce((n, p) => n + p.served, 0);
    console.log(
      `[embed] ${Object.entries(parts).map(([k, v]) => `${k} ${v.raw} B → ${v.gzip} B gzip`).join('; ')}; total ${total} B gzip (${served} B as served) of ${BUDGET}; count.js ${count.raw} B → ${count.gzip} B gzip`,
    );
    expect(total).toBeLessThanOrEqual(BUDGET);
    expect(served).toBeLessThanOrEqual(BUDGET);
    expect(count.gzip).toBeLessThanOrEqual(1024);
  });

  it('ships code the frame CSP allows, without development leftovers', () => {
    const m = loadEmbedManifest();
    for (const file of [m.embed, m.count, m.frameJs]) {
      const js = readFileSync(path.join(EMBED_DIR, file), 'utf8');
      expect(js).not.toMatch(/\beval\(|new Function\(/);
      expect(js).not.toContain('/work/');
      expect(js).not.toMatch(/innerHTML\s*=\s*[a-z]+\.(data|message)/i);
    }
    const css = readFileSync(path.join(EMBED_DIR, m.frameCss), 'utf8');
    // The site's tokens, paired for light and dark, are all there for hosts to override.
    for (const token of ['--parley-bg', '--parley-accent', '--parley-focus', '--parley-font-sans', '--parley-indent']) expect(css).toContain(token);
  });
});
