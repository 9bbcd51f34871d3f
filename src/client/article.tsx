// Browser entry of discussion pages: hydrates the server-rendered Discussion from #parley-state
// and gives it the JSON API, so its forms and links work without reloads.
import './styles.css';
import { hydrate } from 'preact';
import { Discussion } from '../http/views/discussion/Discussion.js';
import { ApiContext } from '../http/views/discussion/context.js';
import type { DiscussionProps } from '../http/views/discussion/types.js';
import { createApi } from './api.js';

const root = document.getElementById('parley-discussion');
const state = document.getElementById('parley-state');

if (root && state?.textContent) {
  const props = JSON.parse(state.textContent) as DiscussionProps;
  hydrate(
    <ApiContext.Provider value={createApi(props.csrf)}>
      <Discussion {...props} />
    </ApiContext.Provider>,
    root,
  );
}
