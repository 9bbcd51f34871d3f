// Pieces of an article shared by the article page and the front page.
import type { ArticleView } from '../../api-types.js';
import { formatAbsolute } from '../format.js';
import { ARTICLE_IMAGE_SIZES, CARD_IMAGE_SIZES } from '../../../services/images/naming.js';
import { Picture } from './publication/picture.js';
import { listPath } from './publication/paths.js';
import { termKey } from '../../../services/articles/terms.js';

const listFormats = new Map<string, Intl.ListFormat>();

export function joinNames(names: string[], lang: string): string {
  let f = listFormats.get(lang);
  if (!f) {
    try {
      f = new Intl.ListFormat(lang, { type: 'conjunction' });
    } catch {
      f = new Intl.ListFormat('en', { type: 'conjunction' });
    }
    listFormats.set(lang, f);
  }
  return f.format(names);
}

export function Byline({ authors, lang }: { authors: string[]; lang: string }) {
  return authors.length > 0 ? <p class="byline">By {joinNames(authors, lang)}</p> : null;
}

export function Dateline({ article, lang }: { article: ArticleView; lang: string }) {
  const { publishedAt, updatedAt } = article;
  const updated = publishedAt !== null && Date.parse(updatedAt) - Date.parse(publishedAt) > 60_000;
  if (!publishedAt) return null;
  return (
    <p class="dateline">
      Published <time dateTime={publishedAt}>{formatAbsolute(publishedAt, lang)}</time>
      {updated && (
        <>
          <span aria-hidden="true"> · </span>
          Updated <time dateTime={updatedAt}>{formatAbsolute(updatedAt, lang)}</time>
        </>
      )}
    </p>
  );
}

export function LeadImage({ image, thumbnail = false }: { image: NonNullable<ArticleView['leadImage']>; thumbnail?: boolean }) {
  // Uploaded images come in responsive sizes and formats
  const img = (
    <Picture image={image} alt={thumbnail ? '' : image.alt} sizes={thumbnail ? CARD_IMAGE_SIZES : ARTICLE_IMAGE_SIZES} lazy={thumbnail} priority={!thumbnail} />
  );
  if (thumbnail) return <div class="card-image">{img}</div>;
  return (
    <figure class="story-figure">
      {img}
      {(image.caption || image.credit) && (
        <figcaption>
          {image.caption}
          {image.credit && <span class="credit"> {image.credit}</span>}
        </figcaption>
      )}
    </figure>
  );
}

export function Story({ article, lang, commentCount }: { article: ArticleView; lang: string; commentCount: number }) {
  return (
    <article class="story">
      <header class="story-header">
        {article.section && (
          <p class="kicker">
            <a href={listPath('section', termKey(article.section))}>{article.section}</a>
          </p>
        )}
        <h1 class="headline">{article.title}</h1>
        {article.dek && <p class="dek">{article.dek}</p>}
        <div class="story-meta">
          <Byline authors={article.authors} lang={lang} />
          <Dateline article={article} lang={lang} />
          <p class="story-comments-link">
            <a href="#comments">{commentCount === 1 ? '1 comment' : `${commentCount} comments`}</a>
          </p>
        </div>
      </header>
      {article.leadImage && <LeadImage image={article.leadImage} />}
      <div class="story-body" dangerouslySetInnerHTML={{ __html: article.html }} />
      {article.tags.length > 0 && (
        <ul class="tags" aria-label="Topics">
          {article.tags.map((tag) => (
            <li key={tag}>{tag}</li>
          ))}
        </ul>
      )}
    </article>
  );
}
