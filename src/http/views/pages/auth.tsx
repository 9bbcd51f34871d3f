// Sign-in and sign-up forms. Plain posts; errors come back as a re-rendered page.
import { CsrfField } from '../discussion/forms.js';
import { type PageContext, renderPage } from '../layout.js';
import { signInUrl, signUpUrl } from '../urls.js';
import { SignInOptions, type SignInOptionsView } from './accounts/signin-options.js';

interface FieldProps {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password';
  autocomplete: string;
  value?: string;
  error?: string;
  hint?: string;
  /** Id of a form-level error that also describes this field. */
  formError?: string;
}

function Field({ name, label, type = 'text', autocomplete, value, error, hint, formError }: FieldProps) {
  const id = `field-${name}`;
  const described = [formError, error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(' ');
  return (
    <p class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        // Preact's input typings discriminate on a literal `type`; these three share every attribute used here.
        type={type as 'text'}
        autocomplete={autocomplete}
        value={value}
        required
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
      {hint && (
        <span id={`${id}-hint`} class="hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} class="form-error">
          {error}
        </span>
      )}
    </p>
  );
}

function FormAlert({ text }: { text: string | undefined }) {
  return text ? (
    <p id="form-error" class="notice notice--error" role="alert">
      {text}
    </p>
  ) : null;
}

export function renderSignInPage(ctx: PageContext, p: { returnTo: string; email?: string; error?: string; options?: SignInOptionsView }): string {
  const alert = p.error ? 'form-error' : undefined;
  return renderPage(
    ctx,
    { title: `Sign in · ${ctx.siteName}`, path: p.returnTo, noindex: true },
    <div class="narrow">
      <h1 class="page-title">Sign in</h1>
      <FormAlert text={p.error} />
      <form method="post" action="/signin" class="auth-form">
        <CsrfField token={ctx.csrf} />
        <input type="hidden" name="returnTo" value={p.returnTo} />
        <Field name="email" label="Email" type="email" autocomplete="email" value={p.email} formError={alert} />
        <Field name="password" label="Password" type="password" autocomplete="current-password" formError={alert} />
        <p class="form-actions">
          <button type="submit" class="button">
            Sign in
          </button>
        </p>
      </form>
      <SignInOptions returnTo={p.returnTo} options={p.options} />
      <p>
        New here? <a href={signUpUrl(p.returnTo)}>Create an account</a>.
      </p>
    </div>,
  );
}

const SIGN_UP_FIELDS = ['email', 'username', 'displayName', 'password'];

export function renderSignUpPage(
  ctx: PageContext,
  p: {
    returnTo: string;
    values?: { email?: string; username?: string; displayName?: string };
    errors?: Record<string, string>;
  },
): string {
  const values = p.values ?? {};
  const errors = p.errors ?? {};
  // Errors not tied to one of the fields (or keyed to the form itself) are shown above it.
  const general = Object.entries(errors)
    .filter(([field]) => !SIGN_UP_FIELDS.includes(field))
    .map(([, message]) => message)
    .join(' ');
  return renderPage(
    ctx,
    { title: `Create an account · ${ctx.siteName}`, path: p.returnTo, noindex: true },
    <div class="narrow">
      <h1 class="page-title">Create an account</h1>
      <FormAlert text={general || undefined} />
      <form method="post" action="/signup" class="auth-form">
        <CsrfField token={ctx.csrf} />
        <input type="hidden" name="returnTo" value={p.returnTo} />
        <Field name="email" label="Email" type="email" autocomplete="email" value={values.email} error={errors.email} />
        <Field
          name="username"
          label="Username"
          autocomplete="username"
          value={values.username}
          error={errors.username}
          hint="Shown as @username next to your comments."
        />
        <Field
          name="displayName"
          label="Display name"
          autocomplete="name"
          value={values.displayName}
          error={errors.displayName}
          hint="The name readers see on your comments."
        />
        <Field
          name="password"
          label="Password"
          type="password"
          autocomplete="new-password"
          error={errors.password}
          hint="Pick one you do not use on any other site."
        />
        <p class="form-actions">
          <button type="submit" class="button">
            Create account
          </button>
        </p>
      </form>
      <p>
        Already have an account? <a href={signInUrl(p.returnTo)}>Sign in</a>.
      </p>
    </div>,
  );
}
