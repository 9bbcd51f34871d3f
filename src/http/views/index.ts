// Server-rendered pages. Each function returns a complete `<!doctype html>` document.
export type { PageContext } from './layout.js';
export type { ComposerState, DiscussionProps } from './discussion/types.js';
export { renderHomePage } from './pages/home.js';
export { renderArticlePage, type ArticlePageProps } from './pages/article.js';
export { renderPermalinkPage, renderRepliesPage, renderEditCommentPage } from './pages/comments.js';
export { renderSignInPage, renderSignUpPage } from './pages/auth.js';
export { renderErrorPage } from './pages/error.js';
