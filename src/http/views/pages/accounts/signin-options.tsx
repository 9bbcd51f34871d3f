// The other ways to sign in, shown under the password form: a forgotten-password link, an
// emailed sign-in link, and a button per OpenID Connect provider of the site.
export interface SignInOptionsView {
  /** `start` is the provider's sign-in URL on this site, without returnTo. */
  providers: { slug: string; name: string; start: string }[];
  signInLinks: boolean;
}

export function SignInOptions({ returnTo, options }: { returnTo: string; options?: SignInOptionsView | undefined }) {
  const back = encodeURIComponent(returnTo);
  return (
    <div class="signin-options">
      <p>
        <a href="/account/forgot">Forgot your password?</a>
        {options?.signInLinks !== false && (
          <>
            {' · '}
            <a href={`/signin/link?returnTo=${back}`}>Email me a sign-in link</a>
          </>
        )}
      </p>
      {options && options.providers.length > 0 && (
        <>
          <p class="signin-or">Or continue with</p>
          <ul class="provider-list">
            {options.providers.map((p) => (
              <li key={p.slug}>
                <a class="button button--quiet" href={`${p.start}&returnTo=${back}`}>
                  {p.name}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
