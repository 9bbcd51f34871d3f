// Schemas of the embed's endpoints (issue 7); they validate requests and document the API.
import { z } from 'zod';
import { Id, Sort } from '../schemas.js';

const Lang = z.string().max(35).regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'Not a language tag').optional().catch(undefined);
const Cursor = z.string().max(4096);
const Html = z.string().meta({ description: 'Server-rendered HTML, in the requested language' });

export const FrameQuery = z.object({
  origin: z.string().min(1).max(300).meta({ description: 'Origin of the host page' }),
  url: z.string().min(1).max(2000).meta({ description: "The host page's canonical URL" }),
  id: z.string().min(1).max(200).optional().meta({ description: 'data-parley-id' }),
  title: z.string().max(1000).optional().default(''),
  lang: Lang,
  scheme: z.enum(['light', 'dark']).optional().catch(undefined),
  sort: Sort.catch('best').default('best'),
});

export const LangQuery = z.object({ lang: Lang });
export const ThreadQuery = z.object({ sort: Sort.catch('best').default('best'), lang: Lang });
export const PageQuery = z.object({ sort: Sort.catch('best').default('best'), cursor: Cursor, lang: Lang });
export const RepliesQuery = z.object({ cursor: Cursor, lang: Lang });

export const ThreadFragment = z.object({
  html: Html,
  me: z.object({ displayName: z.string() }).nullable(),
  announce: z.string(),
});
export const PageFragment = z.object({ html: Html, nextCursor: z.string().nullable(), announce: z.string() });
export const RepliesFragment = z.object({ html: Html, more: Html, announce: z.string() });
export const BranchFragment = z.object({ rootId: z.string(), html: Html });
export const PostedFragment = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  flat: z.boolean().meta({ description: 'Shown beside its parent (below the display depth cap)' }),
  status: z.string(),
  html: Html,
  heading: z.string(),
  announce: z.string(),
});
export const ChangedFragment = z.object({ html: Html, heading: z.string().optional(), announce: z.string() });

export const CountsQuery = z.object({
  key: z
    .union([z.string().max(2100), z.array(z.string().max(2100)).max(200)])
    .transform((k) => (Array.isArray(k) ? k : [k]))
    .meta({ description: '`url:<page URL>` or `id:<data-parley-id>`, repeated' }),
  lang: Lang,
});
export const Counts = z.object({ counts: z.record(z.string(), z.object({ count: z.number().int(), label: z.string() })) });

export const TokenInput = z.object({
  verifier: z.string().min(43).max(128).regex(/^[A-Za-z0-9_-]+$/),
  code: z.string().min(20).max(100).regex(/^[A-Za-z0-9_-]+$/).optional(),
});

export const TokenPending = z.object({ pending: z.literal(true) });

export const PopupQuery = z.object({
  challenge: z.string().length(43).regex(/^[A-Za-z0-9_-]+$/),
  state: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/),
  lang: Lang,
});

export const PopupForm = PopupQuery.extend({
  login: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
});

export const EventsQuery = z.object({
  format: z.enum(['json', 'html']).default('json'),
  as: z.enum(['anonymous', 'member']).catch('anonymous').default('anonymous').meta({ description: 'json: abilities as a signed-in reader would have them' }),
  lang: Lang,
  lastEventId: z.string().max(100).optional().meta({ description: 'Resume after this event (the Last-Event-ID header wins)' }),
});

export const CommentIdParams = z.object({ commentId: Id });
