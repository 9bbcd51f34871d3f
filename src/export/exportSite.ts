// `parley export`: a site's data to a file, in Parley's format or as a Disqus export. The file is
// written under a temporary name and renamed when complete, so a failed export never leaves a
// file that looks whole.
import fs from 'node:fs';
import type { Site } from '../domain/types.js';
import type { ServiceDeps } from '../services/deps.js';
import { silentProgress, type ProgressSink } from '../services/imports/progress.js';
import { writeDisqusExport } from './exportDisqus.js';
import { writeParleyExport } from './exportParley.js';
import { openWriter } from './writer.js';

export type ExportFormat = 'parley' | 'disqus';

export async function exportSite(
  deps: Pick<ServiceDeps, 'store' | 'clock'>,
  opts: { site: Site; file: string; format: ExportFormat; progress?: ProgressSink },
): Promise<Record<string, number>> {
  const partial = `${opts.file}.partial`;
  const out = openWriter(partial);
  const progress = opts.progress ?? silentProgress;
  try {
    const counts =
      opts.format === 'parley'
        ? await writeParleyExport(deps.store, opts.site, out, { now: deps.clock(), progress })
        : await writeDisqusExport(deps.store, opts.site, out, { progress });
    await out.close();
    fs.renameSync(partial, opts.file);
    return counts;
  } catch (err) {
    await out.close().catch(() => {});
    fs.rmSync(partial, { force: true });
    throw err;
  }
}
