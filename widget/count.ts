// Comment counts for article lists (issue 7):
//
//   <a href="https://news.example/story" data-parley-count>Comments</a>
//   <span data-parley-count="https://news.example/other-story"></span>
//   <span data-parley-count data-parley-id="cms-4711"></span>
//   <script src="https://comments.example/count.js" data-parley-site="SITE" async></script>
//
// One request for the whole page (CORS, allowed origins only); each element's text becomes
// "12 comments" in the page's language. The URL is the attribute's value, else the link's href.
(() => {
  const script = document.currentScript as HTMLScriptElement | null;
  if (!script) return;
  const els = [...document.querySelectorAll<HTMLElement>('[data-parley-count]')];
  if (!els.length) return;
  const keyOf = (el: HTMLElement) =>
    el.dataset.parleyId ? `id:${el.dataset.parleyId}` : `url:${el.dataset.parleyCount || (el as HTMLAnchorElement).href || ''}`;
  const params = new URLSearchParams({ site: script.dataset.parleySite || '', lang: script.dataset.parleyLang || document.documentElement.lang });
  for (const el of els) params.append('key', keyOf(el));
  fetch(`${new URL(script.src).origin}/api/v1/embed/counts?${params}`, { credentials: 'omit' })
    .then((r) => (r.ok ? r.json() : null))
    .then((data: { counts: Record<string, { count: number; label: string }> } | null) => {
      for (const el of els) {
        const hit = data?.counts[keyOf(el)];
        if (hit) {
          el.textContent = hit.label;
          el.dataset.parleyCountValue = String(hit.count);
        }
      }
    })
    .catch(() => {});
})();
