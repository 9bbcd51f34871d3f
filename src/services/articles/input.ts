// What an article is made of when someone writes it: one schema for the publish command's front
// matter, the editor's form and the CMS API, so the three accept exactly the same things.
import { z } from 'zod';
import type { CommentsMode } from '../../domain/types.js';
import { cleanName, cleanNames } from './terms.js';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const COMMENTS_MODES = ['open', 'closed', 'premoderated'] as const satisfies readonly CommentsMode[];

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** An ISO 8601 date (midnight UTC) or date and time with a zone, normalized to UTC. */
export const IsoInstant = z
  .string()
  .trim()
  .refine((v) => DATE_ONLY.test(v) || DATE_TIME.test(v), {
    message: 'Use an ISO 8601 date (2026-03-01) or date and time with a zone (2026-03-01T09:30:00Z or …+01:00)',
  })
  .transform((v, ctx) => {
    const t = Date.parse(DATE_ONLY.test(v) ? `${v}T00:00:00Z` : v.replace(' ', 'T'));
    if (Number.isNaN(t) || !isCalendarDate(v)) {
      ctx.addIssue({ code: 'custom', message: 'Not a real date' });
      return z.NEVER;
    }
    return new Date(t).toISOString();
  })
  .meta({ description: 'ISO 8601: a date (midnight UTC) or a date and time with a zone', examples: ['2026-03-01T09:30:00Z'] });

/** The written year-month-day and time exist (no 30 February, no 24:61). */
function isCalendarDate(v: string): boolean {
  const [y, m, d] = v.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return false;
  const time = /[T ](\d{2}):(\d{2})(?::(\d{2}))?/.exec(v);
  return !time || (Number(time[1]) < 24 && Number(time[2]) < 60 && Number(time[3] ?? 0) < 60);
}

const Line = (max: number, what: string) => z.string().max(max, `${what} must be at most ${max} characters`);

export const LeadImageInput = z
  .object({
    src: z.string().trim().min(1, 'Give the image source').max(2000),
    alt: Line(1000, 'Alt text').default(''),
    caption: Line(2000, 'The caption').default(''),
    credit: Line(300, 'The credit').default(''),
    width: z.number().int().min(1).max(100_000).optional(),
    height: z.number().int().min(1).max(100_000).optional(),
  })
  .strict()
  .meta({ description: 'An uploaded image (/media/i/… from uploadImage), or any image with its width and height.' });

export const ArticleInputSchema = z
  .object({
    title: z.string().trim().min(1, 'Give the article a title').max(300, 'The title must be at most 300 characters'),
    slug: z
      .string()
      .trim()
      .max(120, 'The slug must be at most 120 characters')
      .refine((v) => v === '' || SLUG_PATTERN.test(v), 'Use lower-case letters, digits and single hyphens, like "harbour-cranes-return"')
      .optional()
      .meta({ description: 'URL name; made from the title when left out' }),
    externalId: z.string().trim().min(1).max(200).nullish().meta({ description: 'Your CMS id; publishing again with it updates the same article' }),
    dek: Line(1000, 'The standfirst').default(''),
    body: z.string().max(500_000, 'The body must be at most 500,000 characters').default('').meta({ description: 'Markdown (see docs/markdown.md), figures with ::: figure' }),
    authors: z.array(Line(120, 'An author name')).max(20, 'At most 20 authors').default([]),
    tags: z.array(Line(80, 'A tag')).max(30, 'At most 30 tags').default([]),
    section: Line(80, 'The section').nullish(),
    publishedAt: IsoInstant.nullish().meta({ description: 'In the future: the article is scheduled for that time' }),
    updatedAt: IsoInstant.nullish(),
    leadImage: LeadImageInput.nullish(),
    comments: z.enum(COMMENTS_MODES).default('open'),
    closeAfterDays: z.number().int().min(1).max(3650).nullish().meta({ description: 'Close the discussion this many days after publication' }),
    status: z.enum(['draft', 'published']).default('published'),
  })
  .strict()
  .meta({ id: 'ArticleInput' });

export type ArticleInputRaw = z.input<typeof ArticleInputSchema>;
export type ArticleInput = z.output<typeof ArticleInputSchema>;

export interface NormalizedArticleInput {
  title: string;
  /** '' when it is to be made from the title. */
  slug: string;
  externalId: string | null;
  dek: string;
  body: string;
  authors: string[];
  tags: string[];
  section: string | null;
  publishedAt: string | null;
  updatedAt: string | null;
  leadImage: { src: string; alt: string; caption: string; credit: string; width: number | null; height: number | null } | null;
  comments: CommentsMode;
  closeAfterDays: number | null;
  status: 'draft' | 'published';
}

export function normalizeInput(input: ArticleInput): NormalizedArticleInput {
  const section = input.section ? cleanName(input.section) : '';
  return {
    title: cleanName(input.title),
    slug: input.slug ?? '',
    externalId: input.externalId ?? null,
    dek: input.dek.trim(),
    body: input.body.replace(/\r\n?/g, '\n').replace(/\s+$/, '') + (input.body.trim() ? '\n' : ''),
    authors: cleanNames(input.authors),
    tags: cleanNames(input.tags),
    section: section || null,
    publishedAt: input.publishedAt ?? null,
    updatedAt: input.updatedAt ?? null,
    leadImage: input.leadImage
      ? {
          src: input.leadImage.src,
          alt: input.leadImage.alt.trim(),
          caption: input.leadImage.caption.trim(),
          credit: input.leadImage.credit.trim(),
          width: input.leadImage.width ?? null,
          height: input.leadImage.height ?? null,
        }
      : null,
    comments: input.comments,
    closeAfterDays: input.closeAfterDays ?? null,
    status: input.status,
  };
}

/** A URL name from a title: "Harbour cranes return!" → "harbour-cranes-return". */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}
