// Every import format, by the name the command line uses.
import { importCommento } from './commento.js';
import { importDisqus } from './disqus.js';
import { importIsso } from './isso.js';
import { importParley } from './parley.js';
import { importRemark42 } from './remark42.js';
import type { ImportFormat, Importer } from './types.js';
import { importWordPress } from './wordpress.js';

export const IMPORTERS: Record<ImportFormat, Importer> = {
  disqus: importDisqus,
  wordpress: importWordPress,
  isso: importIsso,
  remark42: importRemark42,
  commento: importCommento,
  parley: importParley,
};

export { IMPORT_FORMATS, type ImportFormat } from './types.js';
