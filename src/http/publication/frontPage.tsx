// The front page (latest, most discussed now, sections) and the head elements of article pages.
import type { FastifyRequest } from 'fastify';
import type { ArticleView, CommentPage } from '../api-types.js';
import { loadFrontPage } from '../../services/articles/frontPage.js';
import { basePageContext } from '../page-context.js';
import { presentArticle } from '../presenters.js';
import { nonceFor, type HttpDeps } from '../server.js';
import { renderHomePage } from '../views/index.js';
import { FeedLinks } from '../views/pages/publication/lists.js';
import { JsonLd, SocialMeta } from '../views/pages/publication/meta.js';
import { absolute, publicBase } from './base.js';
import { ArticleHead } from './seo.js';

export async function renderFrontPage(deps: HttpDeps, req: FastifyRequest): Promise<string> {
  const { site } = req.parley;
  const now = deps.clock();
  const data = await loadFrontPage(deps, site);
  const base = publicBase(deps, req);
  const description = `The latest articles and discussions of ${site.name}.`;
  const head = (
    <>
      <SocialMeta card={{ type: 'website', title: site.name, description, url: `${base}/`, siteName: site.name }} />
      <FeedLinks title={site.name} />
      <JsonLd
        nonce={nonceFor(req)}
        data={{
          '@context': 'https://schema.org',
          '@type': 'WebSite',
          name: site.name,
          url: `${base}/`,
          potentialAction: { '@type': 'SearchAction', target: `${base}/search?q={search_term_string}`, 'query-input': 'required name=search_term_string' },
        }}
      />
    </>
  );
  return renderHomePage(basePageContext(deps, req, { canonicalUrl: `${base}/` }), {
    articles: data.latest.map((a) => presentArticle(a, now)),
    description,
    head,
    extras: {
      mostDiscussed: data.mostDiscussed.map((m) => ({ article: presentArticle(m.article, now), recentComments: m.recentComments })),
      sections: data.sections.map((s) => ({ key: s.section.key, name: s.section.name, articles: s.articles.map((a) => presentArticle(a, now)) })),
    },
  });
}

/** Canonical URL and head elements of an article page. */
export function articleMeta(deps: HttpDeps, req: FastifyRequest, article: ArticleView, page: CommentPage | null) {
  const base = publicBase(deps, req);
  return {
    canonicalUrl: absolute(base, article.url),
    head: <ArticleHead base={base} siteName={req.parley.site.name} article={article} page={page} nonce={nonceFor(req)} />,
  };
}
