// Validating embed settings (from the CLI) into what the store keeps.
import { z } from 'zod';
import { resolveLanguage } from '../../i18n/index.js';
import type { EmbedSettings } from '../../store/store.js';
import { normalizeOrigin } from './normalize.js';

const Origin = z.string().transform((value, ctx) => {
  const origin = normalizeOrigin(value);
  if (!origin) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not an http(s) origin such as https://news.example` });
    return z.NEVER;
  }
  return origin;
});

export const EmbedSettingsPatch = z.object({
  allowedOrigins: z.array(Origin).max(100).optional(),
  addOrigins: z.array(Origin).max(100).optional(),
  removeOrigins: z.array(Origin).max(100).optional(),
  autoCreate: z.boolean().optional(),
  scheme: z.enum(['https', 'http', 'keep']).optional(),
  trailingSlash: z.enum(['strip', 'keep']).optional(),
  dropQuery: z.array(z.string().regex(/^(\*|[\w.[\]-]+\*?)$/, 'a parameter name, a prefix ending in *, or *')).max(50).optional(),
  lang: z
    .string()
    .nullable()
    .optional()
    .refine((l) => l === undefined || l === null || resolveLanguage(l) === l.toLowerCase(), 'not a language Parley has (see src/i18n/locales)'),
});

export function applyEmbedPatch(current: EmbedSettings, patch: z.output<typeof EmbedSettingsPatch>): EmbedSettings {
  let origins = patch.allowedOrigins ?? current.allowedOrigins;
  if (patch.addOrigins) origins = [...origins, ...patch.addOrigins];
  if (patch.removeOrigins) origins = origins.filter((o) => !patch.removeOrigins!.includes(o));
  return {
    allowedOrigins: [...new Set(origins)],
    autoCreate: patch.autoCreate ?? current.autoCreate,
    url: {
      scheme: patch.scheme ?? current.url.scheme,
      trailingSlash: patch.trailingSlash ?? current.url.trailingSlash,
      dropQuery: patch.dropQuery ?? current.url.dropQuery,
    },
    lang: patch.lang === undefined ? current.lang : patch.lang === null ? null : patch.lang.toLowerCase(),
  };
}
