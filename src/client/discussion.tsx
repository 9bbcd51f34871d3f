// The interactive discussion: hydrates the server-rendered Discussion from its serialized props
// and gives it the JSON API, so its forms and links work without reloads. Loaded on demand by
// article.tsx, once the reader nears the discussion or interacts with it.
import { hydrate } from 'preact';
import { Discussion } from '../http/views/discussion/Discussion.js';
import { ApiContext } from '../http/views/discussion/context.js';
import type { DiscussionProps } from '../http/views/discussion/types.js';
import { createApi } from './api.js';

export function mountDiscussion(root: HTMLElement, props: DiscussionProps): void {
  hydrate(
    <ApiContext.Provider value={createApi(props.csrf)}>
      <Discussion {...props} />
    </ApiContext.Provider>,
    root,
  );
}
