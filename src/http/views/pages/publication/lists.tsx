// Pages listing articles: a section, a tag, an author (with their bio), and the front page's
// "most discussed" and sections blocks.
import { Fragment, type ComponentChildren } from 'preact';
import { termKey } from '../../../../services/articles/terms.js';
import type { ArticleView } from '../../../api-types.js';
import { countLabel } from '../../format.js';
import { type PageContext, langOf, renderPage } from '../../layout.js';
import { articlePath } from '../../urls.js';
import { Byline, Dateline, LeadImage } from '../story.js';
import { FEED_LABELS, FEED_TYPES, type FeedFormat, type ListKind, feedPath, listPath, withCursor } from './paths.js';

const FORMATS: FeedFormat[] = ['rss', 'atom', 'json'];

export function Teaser({ article, lang, headingLevel = 2 }: { article: ArticleView; lang: string; headingLevel?: 2 | 3 }) {
  const href = articlePath(article.slug);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class="card">
      {article.leadImage && <LeadImage image={article.leadImage} thumbnail />}
      <div class="card-text">
        {article.section && (
          <p class="kicker">
            <a href={listPath('section', termKey(article.section))}>{article.section}</a>
          </p>
        )}
        <Heading class="card-title">
          <a href={href}>{article.title}</a>
        </Heading>
        {article.dek && <p class="dek">{article.dek}</p>}
        <div class="story-meta">
          <Byline authors={article.authors} lang={lang} />
          <Dateline article={article} lang={lang} />
          <p class="story-comments-link">
            <a href={`${href}#comments`}>
              {countLabel(article.commentCount, 'comment', 'comments')}
              <span class="visually-hidden"> on “{article.title}”</span>
            </a>
          </p>
        </div>
      </div>
    </article>
  );
}

export function TeaserList({ articles, lang, headingLevel = 2 }: { articles: ArticleView[]; lang: string; headingLevel?: 2 | 3 }) {
  return (
    <ol class="cards">
      {articles.map((a) => (
        <li key={a.id}>
          <Teaser article={a} lang={lang} headingLevel={headingLevel} />
        </li>
      ))}
    </ol>
  );
}

/** <link rel="alternate"> for the feeds of a page, for feed readers and browsers. */
export function FeedLinks({ title, list }: { title: string; list?: { kind: 'section' | 'tag'; key: string } }) {
  return (
    <>
      {FORMATS.map((f) => (
        <link key={f} rel="alternate" type={FEED_TYPES[f]} title={`${title} (${FEED_LABELS[f]})`} href={feedPath(f, list)} />
      ))}
    </>
  );
}

export function FollowLinks({ label, list }: { label: string; list?: { kind: 'section' | 'tag'; key: string } }) {
  return (
    <p class="follow">
      <span>{label}:</span>{' '}
      {FORMATS.map((f, i) => (
        <Fragment key={f}>
          {i > 0 && ' · '}
          <a href={feedPath(f, list)} type={FEED_TYPES[f]}>
            {FEED_LABELS[f]}
          </a>
        </Fragment>
      ))}
    </p>
  );
}

export interface ListPageProps {
  kind: ListKind;
  key: string;
  name: string;
  count: number;
  /** An author's bio, as plain text with blank lines between paragraphs. */
  bio?: string;
  articles: ArticleView[];
  nextCursor: string | null;
  /** Set when this is not the first page. */
  continued: boolean;
}

const HEADINGS: Record<ListKind, (name: string) => ComponentChildren> = {
  section: (name) => name,
  tag: (name) => <>Articles tagged “{name}”</>,
  author: (name) => name,
};

export function renderListPage(ctx: PageContext, p: ListPageProps): string {
  const lang = langOf(ctx);
  const path = listPath(p.kind, p.key);
  const feedList = p.kind === 'author' ? undefined : { kind: p.kind, key: p.key };
  const title = p.kind === 'tag' ? `Articles tagged “${p.name}”` : p.name;
  const bio = (p.bio ?? '').split(/\n\s*\n/).map((para) => para.trim()).filter(Boolean);
  const description =
    p.kind === 'author' ? (bio[0] ?? `Articles by ${p.name}.`) : p.kind === 'section' ? `The latest from ${p.name}.` : `Articles about ${p.name}.`;
  return renderPage(
    ctx,
    {
      title: `${title}${p.continued ? ' (older articles)' : ''} · ${ctx.siteName}`,
      description: description.slice(0, 300),
      path,
      noindex: p.continued,
      head: feedList ? <FeedLinks title={`${title} · ${ctx.siteName}`} list={feedList} /> : undefined,
    },
    <>
      <header class="list-header">
        {p.kind !== 'tag' && <p class="kicker">{p.kind === 'section' ? 'Section' : 'Author'}</p>}
        <h1 class="page-title">{HEADINGS[p.kind](p.name)}</h1>
        {bio.length > 0 && (
          <div class="bio">
            {bio.map((para) => (
              <p key={para}>{para}</p>
            ))}
          </div>
        )}
        <p class="list-count">{countLabel(p.count, 'article', 'articles')}</p>
        {feedList && <FollowLinks label="Follow" list={feedList} />}
      </header>
      {p.articles.length > 0 ? <TeaserList articles={p.articles} lang={lang} /> : <p>No more articles here.</p>}
      {p.nextCursor && (
        <p class="more-comments">
          <a href={withCursor(path, p.nextCursor)} rel="next">
            Older articles
          </a>
        </p>
      )}
    </>,
  );
}

export interface FrontPageExtrasProps {
  mostDiscussed: { article: ArticleView; recentComments: number }[];
  sections: { key: string; name: string; articles: ArticleView[] }[];
}

/** The front page's blocks after the latest articles. */
export function FrontPageExtras({ p }: { p: FrontPageExtrasProps }) {
  return (
    <>
      {p.mostDiscussed.length > 0 && (
        <section class="front-block" aria-labelledby="most-discussed">
          <h2 id="most-discussed" class="block-title">
            Most discussed now
          </h2>
          <ol class="headline-list headline-list--ranked">
            {p.mostDiscussed.map(({ article, recentComments }) => (
              <li key={article.id}>
                <a href={articlePath(article.slug)}>{article.title}</a>{' '}
                <span class="headline-meta">{countLabel(recentComments, 'new comment', 'new comments')} in two days</span>
              </li>
            ))}
          </ol>
        </section>
      )}
      {p.sections.length > 0 && (
        <section class="front-block" aria-labelledby="sections">
          <h2 id="sections" class="block-title">
            Sections
          </h2>
          <div class="section-grid">
            {p.sections.map((s) => (
              <section key={s.key} class="section-block" aria-labelledby={`section-${s.key}`}>
                <h3 id={`section-${s.key}`} class="section-block-title">
                  <a href={listPath('section', s.key)}>{s.name}</a>
                </h3>
                <ul class="headline-list">
                  {s.articles.map((a) => (
                    <li key={a.id}>
                      <a href={articlePath(a.slug)}>{a.title}</a>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </div>
        </section>
      )}
      <FollowLinks label="Follow the latest articles" />
    </>
  );
}
