// Form pieces the account pages share: labelled fields with hints and errors wired to
// aria-describedby, a form-level alert, and a post form with its CSRF field.
import type { ComponentChildren } from 'preact';
import { CsrfField } from '../../discussion/forms.js';

export interface FieldProps {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password';
  autocomplete: string;
  value?: string | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  maxLength?: number;
}

export function Field({ name, label, type = 'text', autocomplete, value, error, hint, required = true, maxLength }: FieldProps) {
  const id = `field-${name}`;
  const described = [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(' ');
  return (
    <p class="field">
      <label for={id}>
        {label}
        {!required && <span class="optional"> (optional)</span>}
      </label>
      <input
        id={id}
        name={name}
        type={type as 'text'}
        autocomplete={autocomplete}
        value={value}
        required={required}
        maxLength={maxLength}
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

export function TextArea({ name, label, value, error, hint, maxLength }: { name: string; label: string; value?: string; error?: string | undefined; hint?: string; maxLength?: number }) {
  const id = `field-${name}`;
  const described = [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(' ');
  return (
    <p class="field">
      <label for={id}>
        {label} <span class="optional">(optional)</span>
      </label>
      <textarea id={id} name={name} rows={4} maxLength={maxLength} aria-invalid={error ? 'true' : undefined} aria-describedby={described || undefined}>
        {value}
      </textarea>
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

export function Alert({ text, kind = 'error' }: { text: string | undefined | null; kind?: 'error' | 'info' }) {
  return text ? (
    <p class={`notice notice--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {text}
    </p>
  ) : null;
}

export function PostForm({ action, csrf, class: cls, children, label }: { action: string; csrf: string; class?: string; children: ComponentChildren; label?: string }) {
  return (
    <form method="post" action={action} class={cls ?? 'auth-form'} aria-label={label}>
      <CsrfField token={csrf} />
      {children}
    </form>
  );
}

export function Submit({ children, danger = false, quiet = false }: { children: ComponentChildren; danger?: boolean; quiet?: boolean }) {
  return (
    <button type="submit" class={`button${danger ? ' button--danger' : ''}${quiet ? ' button--quiet' : ''}`}>
      {children}
    </button>
  );
}

export type Errors = Record<string, string>;

/** Messages not tied to one of the listed fields, joined for the form-level alert. */
export function generalError(errors: Errors, fields: string[]): string | undefined {
  const rest = Object.entries(errors)
    .filter(([f]) => !fields.includes(f))
    .map(([, m]) => m);
  return rest.length ? rest.join(' ') : undefined;
}
