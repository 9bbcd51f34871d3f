// The editor's only script: it keeps the preview beside the form in step with the text as it is
// typed, asking the server to render it (the same renderer and sanitizer as publishing) through
// the previewArticle API. Without it the form's Preview button does the same with a page load.
import { createHash } from 'node:crypto';

export const EDITOR_SCRIPT = `
const form = document.getElementById('article-form');
if (form) {
  const field = (name) => form.elements.namedItem(name);
  const body = field('body');
  const title = field('title');
  const dek = field('dek');
  const out = document.getElementById('preview-body');
  const problems = document.getElementById('preview-problems');
  const status = document.getElementById('preview-status');
  const csrf = document.querySelector('meta[name="parley-csrf"]')?.getAttribute('content') ?? '';
  const say = (text) => { if (status.textContent !== text) status.textContent = text; };
  let timer = 0;
  let seq = 0;
  async function update() {
    const mine = ++seq;
    try {
      const res = await fetch('/api/v1/cms/preview', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ body: body.value }),
      });
      if (mine !== seq) return;
      if (!res.ok) return say('The preview could not be updated (' + res.status + ').');
      const data = await res.json();
      out.innerHTML = data.html;
      problems.replaceChildren(...data.problems.map((p) => Object.assign(document.createElement('li'), { textContent: p.message })));
      say(data.problems.length ? data.problems.length + (data.problems.length === 1 ? ' figure will not show: see below.' : ' figures will not show: see below.') : 'As readers will see the text.');
    } catch {
      if (mine === seq) say('The preview could not be updated; check your connection.');
    }
  }
  body.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(update, 300);
  });
  title.addEventListener('input', () => { document.getElementById('preview-title').textContent = title.value; });
  dek.addEventListener('input', () => { document.getElementById('preview-dek').textContent = dek.value; });
  form.querySelector('[data-preview-button]')?.setAttribute('hidden', '');
}
`;

export const EDITOR_SCRIPT_PATH = `/editor/assets/editor-${createHash('sha256').update(EDITOR_SCRIPT).digest('hex').slice(0, 12)}.js`;
