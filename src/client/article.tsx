// Browser entry of discussion pages. The page is complete without JavaScript (every form posts
// and every link loads), so the interactive discussion is not needed until the reader gets near
// it: hydrating a long thread costs hundreds of milliseconds of main-thread time on a phone,
// which would otherwise delay everything above it. This entry only carries the stylesheet and a
// trigger; the discussion's code (discussion.tsx, a separate chunk) loads and hydrates when the
// discussion comes within a screen or so of the viewport, or when the reader focuses, clicks or
// types in it first.
import './styles.css';

const root = document.getElementById('parley-discussion');
const state = document.getElementById('parley-state');
const INTERACTIONS = ['focusin', 'pointerdown', 'keydown'] as const;

if (root && state?.textContent) {
  const source = state.textContent;
  let observer: IntersectionObserver | null = null;
  const start = (): void => {
    observer?.disconnect();
    for (const type of INTERACTIONS) root.removeEventListener(type, start, true);
    if (root.dataset.parleyHydrating) return;
    root.dataset.parleyHydrating = '1';
    void import('./discussion.js').then(({ mountDiscussion }) => mountDiscussion(root, JSON.parse(source)));
  };
  for (const type of INTERACTIONS) root.addEventListener(type, start, true);
  if (typeof IntersectionObserver === 'function') {
    observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && start(), { rootMargin: '1000px 0px' });
    observer.observe(root);
  } else {
    start();
  }
}
