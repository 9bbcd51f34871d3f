// The editor area: the list of articles, the article form (with a preview that follows the text
// as it is typed when JavaScript is on, and a Preview button when it is off), and authors' bios.
// Plain forms throughout; every action works without JavaScript.
import type { ComponentChildren } from 'preact';
import { countLabel, formatAbsolute } from '../../format.js';
import { CsrfField } from '../../discussion/forms.js';
import { type PageContext, langOf, renderPage } from '../../layout.js';
import { articlePath } from '../../urls.js';
import { EDITOR_PATH, editorArticlePath, editorAuthorsPath, editorNewPath, listPath } from './paths.js';

export type EditorState = 'draft' | 'scheduled' | 'published';

export interface EditorListItem {
  id: string;
  slug: string;
  title: string;
  state: EditorState;
  publishedAt: string | null;
  scheduledFor: string | null;
  updatedAt: string;
  commentCount: number;
}

const STATE_LABEL: Record<EditorState, string> = { draft: 'Draft', scheduled: 'Scheduled', published: 'Published' };
const FILTERS: { value: EditorState | ''; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'draft', label: 'Drafts' },
  { value: 'scheduled', label: 'Scheduled' },
  { value: 'published', label: 'Published' },
];

function EditorNav({ current }: { current: 'articles' | 'new' | 'authors' }) {
  const link = (href: string, key: typeof current, label: string) => (
    <li>
      <a href={href} aria-current={current === key ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <nav class="editor-nav" aria-label="Editor">
      <ul>
        {link(EDITOR_PATH, 'articles', 'Articles')}
        {link(editorNewPath, 'new', 'New article')}
        {link(editorAuthorsPath, 'authors', 'Authors')}
      </ul>
    </nav>
  );
}

export function renderEditorListPage(ctx: PageContext, p: { items: EditorListItem[]; filter: EditorState | ''; nextCursor: string | null }): string {
  const lang = langOf(ctx);
  const filterUrl = (v: string) => (v ? `${EDITOR_PATH}?status=${v}` : EDITOR_PATH);
  return renderPage(
    ctx,
    { title: `Editor · ${ctx.siteName}`, path: EDITOR_PATH, noindex: true },
    <div class="editor-wide">
      <EditorNav current="articles" />
      <h1 class="page-title">Articles</h1>
      <p>
        <a class="button" href={editorNewPath}>
          New article
        </a>
      </p>
      <nav class="sort" aria-label="Show">
        <ul>
          {FILTERS.map((f) => (
            <li key={f.value}>
              <a href={filterUrl(f.value)} aria-current={p.filter === f.value ? 'page' : undefined}>
                {f.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {p.items.length === 0 ? (
        <p>No articles here yet.</p>
      ) : (
        <div class="table-scroll">
          <table class="editor-table">
            <caption class="visually-hidden">Articles, most recently changed first</caption>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">State</th>
                <th scope="col">Changed</th>
                <th scope="col">Comments</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((a) => (
                <tr key={a.id}>
                  <td>
                    <a href={editorArticlePath(a.id)}>{a.title}</a>
                    {a.state === 'published' && (
                      <>
                        {' '}
                        <a class="hint-link" href={articlePath(a.slug)}>
                          view<span class="visually-hidden"> “{a.title}” on the site</span>
                        </a>
                      </>
                    )}
                  </td>
                  <td>
                    <span class={`state state--${a.state}`}>{STATE_LABEL[a.state]}</span>
                    {a.state === 'scheduled' && a.scheduledFor && (
                      <>
                        {' '}
                        for <time dateTime={a.scheduledFor}>{formatAbsolute(a.scheduledFor, lang)}</time>
                      </>
                    )}
                  </td>
                  <td>
                    <time dateTime={a.updatedAt}>{formatAbsolute(a.updatedAt, lang)}</time>
                  </td>
                  <td>{a.commentCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {p.nextCursor && (
        <p class="more-comments">
          <a href={`${filterUrl(p.filter)}${p.filter ? '&' : '?'}before=${encodeURIComponent(p.nextCursor)}`}>Older changes</a>
        </p>
      )}
    </div>,
  );
}

export interface ArticleFormValues {
  title: string;
  dek: string;
  slug: string;
  externalId: string;
  authors: string;
  tags: string;
  section: string;
  body: string;
  leadImageSrc: string;
  leadImageAlt: string;
  leadImageCaption: string;
  leadImageCredit: string;
  publishAt: string;
  comments: string;
  closeAfterDays: string;
}

export interface ArticleFormProps {
  articleId: string | null;
  state: EditorState | null;
  publishedAt: string | null;
  scheduledFor: string | null;
  /** The public page, when the article is live. */
  liveUrl: string | null;
  values: ArticleFormValues;
  /** Error messages by form field name. */
  errors: Record<string, string>;
  previewHtml: string;
  previewProblems: string[];
  sections: string[];
  /** URL of the live-preview script. */
  script: string;
}

const FIELD_ORDER: (keyof ArticleFormValues | 'leadImageFile' | 'form')[] = [
  'form',
  'title',
  'dek',
  'slug',
  'authors',
  'section',
  'tags',
  'body',
  'leadImageFile',
  'leadImageAlt',
  'leadImageCaption',
  'leadImageCredit',
  'publishAt',
  'comments',
  'closeAfterDays',
  'externalId',
];

interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  children: (attrs: { id: string; name: string; 'aria-describedby'?: string; 'aria-invalid'?: 'true' }) => ComponentChildren;
}

function Field({ name, label, hint, error, children }: FieldProps) {
  const id = `field-${name}`;
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint && (
        <span id={`${id}-hint`} class="hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} class="form-error">
          {error}
        </span>
      )}
      {children({ id, name, ...(described ? { 'aria-describedby': described } : {}), ...(error ? { 'aria-invalid': 'true' as const } : {}) })}
    </div>
  );
}

export function renderArticleFormPage(ctx: PageContext, p: ArticleFormProps): string {
  const lang = langOf(ctx);
  const v = p.values;
  const e = p.errors;
  const action = p.articleId ? editorArticlePath(p.articleId) : '/editor/articles';
  const title = p.articleId ? `Edit “${v.title || 'Untitled'}”` : 'New article';
  const errorList = FIELD_ORDER.filter((f) => e[f]).map((f) => ({ field: f, message: e[f]! }));
  const state = p.state ?? 'draft';
  return renderPage(
    ctx,
    {
      title: `${title} · Editor · ${ctx.siteName}`,
      path: p.articleId ? editorArticlePath(p.articleId) : editorNewPath,
      noindex: true,
      head: <script type="module" src={p.script} nonce={ctx.nonce} />,
    },
    <div class="editor-wide">
      <EditorNav current={p.articleId ? 'articles' : 'new'} />
      <h1 class="page-title">{title}</h1>
      <p class="editor-state">
        <span class={`state state--${state}`}>{STATE_LABEL[state]}</span>
        {state === 'published' && p.publishedAt && (
          <>
            {' '}
            since <time dateTime={p.publishedAt}>{formatAbsolute(p.publishedAt, lang)}</time>
          </>
        )}
        {state === 'scheduled' && p.scheduledFor && (
          <>
            {' '}
            to go live <time dateTime={p.scheduledFor}>{formatAbsolute(p.scheduledFor, lang)}</time>
          </>
        )}
        {p.liveUrl && (
          <>
            {' · '}
            <a href={p.liveUrl}>View on the site</a>
          </>
        )}
      </p>
      {errorList.length > 0 && (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
          <h2 id="error-summary-title" class="error-summary-title">
            {errorList.length === 1 ? 'One thing to fix' : `${errorList.length} things to fix`}
          </h2>
          <ul>
            {errorList.map((x) => (
              <li key={x.field}>{x.field === 'form' ? x.message : <a href={`#field-${x.field}`}>{x.message}</a>}</li>
            ))}
          </ul>
        </div>
      )}
      <div class="editor-layout">
        <form method="post" action={action} enctype="multipart/form-data" class="editor-form" id="article-form" novalidate>
          <CsrfField token={ctx.csrf} />
          <input type="hidden" name="leadImageSrc" value={v.leadImageSrc} />
          <Field name="title" label="Headline" error={e.title}>
            {(a) => <input {...a} type="text" value={v.title} maxLength={300} required />}
          </Field>
          <Field name="dek" label="Standfirst" hint="One or two sentences under the headline." error={e.dek}>
            {(a) => <textarea {...a} rows={2} maxLength={1000}>{v.dek}</textarea>}
          </Field>
          <Field name="slug" label="Slug" hint="The article's address: /articles/slug. Made from the headline when left empty." error={e.slug}>
            {(a) => <input {...a} type="text" value={v.slug} maxLength={120} pattern="[a-z0-9]+(-[a-z0-9]+)*" autocomplete="off" />}
          </Field>
          <Field name="authors" label="Authors" hint="Names separated by commas." error={e.authors}>
            {(a) => <input {...a} type="text" value={v.authors} autocomplete="off" />}
          </Field>
          <Field name="section" label="Section" error={e.section}>
            {(a) => <input {...a} type="text" value={v.section} list="known-sections" autocomplete="off" />}
          </Field>
          <datalist id="known-sections">
            {p.sections.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          <Field name="tags" label="Tags" hint="Separated by commas." error={e.tags}>
            {(a) => <input {...a} type="text" value={v.tags} autocomplete="off" />}
          </Field>
          <Field
            name="body"
            label="Text"
            hint="Markdown: ## subheading, *emphasis*, [link](https://…), > quote. Place an image with a ::: figure block (see the publishing guide)."
            error={e.body}
          >
            {(a) => (
              <textarea {...a} rows={18} class="editor-body" spellcheck>
                {v.body}
              </textarea>
            )}
          </Field>

          <fieldset class="editor-fieldset">
            <legend>Lead image</legend>
            {v.leadImageSrc && (
              <p class="hint">
                Current image: <code>{v.leadImageSrc}</code>{' '}
                <label class="inline-label">
                  <input type="checkbox" name="removeLeadImage" value="1" /> Remove it
                </label>
              </p>
            )}
            <Field name="leadImageFile" label={v.leadImageSrc ? 'Replace with' : 'Upload'} hint="JPEG, PNG, WebP or AVIF, up to 15 MB." error={e.leadImageFile}>
              {(a) => <input {...a} type="file" accept="image/jpeg,image/png,image/webp,image/avif" />}
            </Field>
            <Field name="leadImageAlt" label="Alt text" hint="What the image shows, for readers who cannot see it. Needed to publish." error={e.leadImageAlt}>
              {(a) => <input {...a} type="text" value={v.leadImageAlt} maxLength={1000} />}
            </Field>
            <Field name="leadImageCaption" label="Caption" error={e.leadImageCaption}>
              {(a) => <input {...a} type="text" value={v.leadImageCaption} maxLength={2000} />}
            </Field>
            <Field name="leadImageCredit" label="Credit" error={e.leadImageCredit}>
              {(a) => <input {...a} type="text" value={v.leadImageCredit} maxLength={300} />}
            </Field>
          </fieldset>

          <fieldset class="editor-fieldset">
            <legend>Publication and discussion</legend>
            <Field name="publishAt" label="Publication time (UTC)" hint="For Schedule; also sets the date of a published article." error={e.publishAt}>
              {(a) => <input {...a} type="datetime-local" value={v.publishAt} />}
            </Field>
            <Field name="comments" label="Comments" error={e.comments}>
              {(a) => (
                <select {...a}>
                  {[
                    ['open', 'Open'],
                    ['premoderated', 'Open, each comment reviewed first'],
                    ['closed', 'Closed'],
                  ].map(([value, label]) => (
                    <option key={value} value={value} selected={v.comments === value}>
                      {label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field name="closeAfterDays" label="Close comments after (days)" hint="Leave empty to keep them open." error={e.closeAfterDays}>
              {(a) => <input {...a} type="number" min={1} max={3650} inputMode="numeric" value={v.closeAfterDays} />}
            </Field>
            <Field name="externalId" label="External id" hint="The id of this article in another system (CMS, publish folder)." error={e.externalId}>
              {(a) => <input {...a} type="text" value={v.externalId} maxLength={200} autocomplete="off" />}
            </Field>
          </fieldset>

          <div class="form-actions editor-actions">
            {state === 'published' ? (
              <>
                <button type="submit" name="intent" value="save" class="button">
                  Update
                </button>
                <button type="submit" name="intent" value="unpublish" class="button button--quiet">
                  Unpublish
                </button>
              </>
            ) : (
              <>
                <button type="submit" name="intent" value="save" class="button button--quiet">
                  {state === 'scheduled' ? 'Save' : 'Save draft'}
                </button>
                <button type="submit" name="intent" value="publish" class="button">
                  Publish now
                </button>
                <button type="submit" name="intent" value="schedule" class="button button--quiet">
                  Schedule
                </button>
                {state === 'scheduled' && (
                  <button type="submit" name="intent" value="unpublish" class="button button--quiet">
                    Cancel schedule
                  </button>
                )}
              </>
            )}
            <button type="submit" name="intent" value="preview" class="button button--quiet" data-preview-button>
              Preview
            </button>
          </div>
        </form>

        <section class="editor-preview" aria-labelledby="preview-heading">
          <h2 id="preview-heading" class="block-title">
            Preview
          </h2>
          <p id="preview-status" class="hint" role="status">
            {p.previewProblems.length ? '' : 'As readers will see the text.'}
          </p>
          <ul id="preview-problems" class="preview-problems">
            {p.previewProblems.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
          <div class="story preview-story">
            <p class="headline preview-title" id="preview-title">
              {v.title}
            </p>
            <p class="dek" id="preview-dek">
              {v.dek}
            </p>
            <div class="story-body" id="preview-body" dangerouslySetInnerHTML={{ __html: p.previewHtml }} />
          </div>
        </section>
      </div>
    </div>,
  );
}

export interface AuthorRow {
  key: string;
  name: string;
  bio: string;
  articles: number;
}

export function renderAuthorsPage(ctx: PageContext, p: { authors: AuthorRow[]; errors: Record<string, string>; saved: string | null }): string {
  return renderPage(
    ctx,
    { title: `Authors · Editor · ${ctx.siteName}`, path: editorAuthorsPath, noindex: true },
    <div class="editor-wide">
      <EditorNav current="authors" />
      <h1 class="page-title">Authors</h1>
      <p>Everyone named as an author of an article. Their bio is shown on their page.</p>
      {p.saved && (
        <p class="notice" role="status">
          Saved the bio of {p.saved}.
        </p>
      )}
      {p.authors.length === 0 && <p>No authors yet: they appear here once an article names them.</p>}
      <ul class="author-forms">
        {p.authors.map((a) => {
          const id = `bio-${a.key}`;
          const error = p.errors[a.key];
          return (
            <li key={a.key}>
              <form method="post" action={editorAuthorsPath} class="author-form">
                <CsrfField token={ctx.csrf} />
                <input type="hidden" name="name" value={a.name} />
                <h2 class="block-title">
                  <a href={listPath('author', a.key)}>{a.name}</a> <span class="hint">{countLabel(a.articles, 'article', 'articles')}</span>
                </h2>
                <label for={id}>Bio of {a.name}</label>
                {error && (
                  <span id={`${id}-error`} class="form-error">
                    {error}
                  </span>
                )}
                <textarea id={id} name="bio" rows={3} maxLength={2000} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
                  {a.bio}
                </textarea>
                <p class="form-actions">
                  <button type="submit" class="button button--quiet">
                    Save bio<span class="visually-hidden"> of {a.name}</span>
                  </button>
                </p>
              </form>
            </li>
          );
        })}
      </ul>
    </div>,
  );
}
