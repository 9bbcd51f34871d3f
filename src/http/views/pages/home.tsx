import type { ComponentChildren } from 'preact';
import { FrontPageExtras, type FrontPageExtrasProps } from './publication/lists.js';
import type { ArticleView } from '../../api-types.js';
import { type PageContext, langOf, renderPage } from '../layout.js';
import { articlePath } from '../urls.js';
import { Byline, Dateline, LeadImage } from './story.js';

function ArticleCard({ article, lang }: { article: ArticleView; lang: string }) {
  const href = articlePath(article.slug);
  return (
    <article class="card">
      {article.leadImage && <LeadImage image={article.leadImage} thumbnail />}
      <div class="card-text">
        {article.section && <p class="kicker">{article.section}</p>}
        <h2 class="card-title">
          <a href={href}>{article.title}</a>
        </h2>
        {article.dek && <p class="dek">{article.dek}</p>}
        <div class="story-meta">
          <Byline authors={article.authors} lang={lang} />
          <Dateline article={article} lang={lang} />
          <p class="story-comments-link">
            <a href={`${href}#comments`}>
              {article.commentCount === 1 ? '1 comment' : `${article.commentCount} comments`}
              <span class="visually-hidden"> on “{article.title}”</span>
            </a>
          </p>
        </div>
      </div>
    </article>
  );
}

// Extras: most discussed and sections; head: feed links and cards
export function renderHomePage(ctx: PageContext, p: { articles: ArticleView[]; extras?: FrontPageExtrasProps; head?: ComponentChildren; description?: string }): string {
  const lang = langOf(ctx);
  return renderPage(
    ctx,
    { title: ctx.siteName, path: '/', head: p.head, description: p.description },
    <>
      <h1 class="page-title">Latest</h1>
      {p.articles.length > 0 ? (
        <ol class="cards">
          {p.articles.map((a) => (
            <li key={a.id}>
              <ArticleCard article={a} lang={lang} />
            </li>
          ))}
        </ol>
      ) : (
        <p>Nothing has been published yet.</p>
      )}
      {p.extras && <FrontPageExtras p={p.extras} />}
    </>,
  );
}
