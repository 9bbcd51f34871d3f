// A reader's public profile: avatar, names, badge, bio, and their published comments on this
// site, newest first, a page at a time (plain "older comments" link).
import type { ProfileCommentView, ProfileView } from '../../../accounts/presenters.js';
import { type PageContext, renderPage } from '../../layout.js';
import { formatDate } from './time.js';

export function renderProfilePage(ctx: PageContext, p: { profile: ProfileView; comments: ProfileCommentView[]; nextUrl: string | null; isFirstPage: boolean; isSelf: boolean }): string {
  const { profile } = p;
  return renderPage(
    ctx,
    { title: `${profile.displayName} (@${profile.username}) · ${ctx.siteName}`, path: `/users/${encodeURIComponent(profile.username)}`, description: profile.bio || `Comments by ${profile.displayName}` },
    <div class="narrow profile-page">
      <header class="profile-header">
        <img src={profile.avatarUrl} alt="" width={96} height={96} class="avatar avatar--large" />
        <div>
          <h1 class="page-title">{profile.displayName}</h1>
          <p class="profile-handle">
            @{profile.username}
            {profile.badge && <span class={`badge badge--${profile.badge}`}>{profile.badge}</span>}
          </p>
          <p class="hint">Joined {formatDate(profile.joinedAt).split(',')[0]}</p>
          {p.isSelf && (
            <p>
              <a href="/account">Edit your profile</a>
            </p>
          )}
        </div>
      </header>
      {profile.bio && <p class="profile-bio">{profile.bio}</p>}
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{p.isFirstPage ? 'Latest comments' : 'Older comments'}</h2>
        {p.comments.length === 0 ? (
          <p>{p.isFirstPage ? 'No published comments here yet.' : 'No older comments.'}</p>
        ) : (
          <ol class="profile-comments">
            {p.comments.map((c) => (
              <li key={c.id}>
                <article class="profile-comment" aria-labelledby={`on-${c.id}`}>
                  <p class="profile-comment-meta" id={`on-${c.id}`}>
                    On <a href={c.article.url}>{c.article.title}</a> ·{' '}
                    <a href={c.permalink}>
                      <time dateTime={c.createdAt}>{formatDate(c.createdAt)}</time>
                    </a>
                  </p>
                  <div class="comment-body" dangerouslySetInnerHTML={{ __html: c.html }} />
                </article>
              </li>
            ))}
          </ol>
        )}
        {p.nextUrl && (
          <p class="more-comments">
            <a href={p.nextUrl} rel="next">
              Older comments
            </a>
          </p>
        )}
      </section>
    </div>,
  );
}
