import { type PageContext, renderPage } from '../layout.js';

export function renderErrorPage(ctx: PageContext, p: { status: number; title: string; detail: string }): string {
  return renderPage(
    ctx,
    { title: `${p.title} · ${ctx.siteName}`, path: '/', noindex: true },
    <div class="narrow error-page">
      <p class="kicker">Error {p.status}</p>
      <h1 class="page-title">{p.title}</h1>
      <p>{p.detail}</p>
      <p>
        <a href="/">Go to the front page</a>
      </p>
    </div>,
  );
}
