import { createSignal, Show, type JSX } from "solid-js";
import { t, type Key } from "../../i18n";
import { errorMessage, fieldErrors } from "../../lib/trpc";

/**
 * The failure of a form's last submission: the message for the alert and the server's
 * field → message map for the fields.
 */
export function createFormErrors() {
  const [state, setState] = createSignal<{ message: string; fields: Record<string, string> } | null>(null);
  return {
    /** Show a failed call: its message in the alert, its field errors beside the fields. */
    set: (err: unknown) => setState({ message: errorMessage(err), fields: fieldErrors(err) }),
    /** Show errors found before calling the server. */
    setFields: (fields: Record<string, string>) => setState({ message: Object.values(fields).join("；"), fields }),
    clear: () => setState(null),
    field: (name: string): string | undefined => state()?.fields[name],
    message: () => state()?.message ?? "",
  };
}
export type FormErrors = ReturnType<typeof createFormErrors>;

/** The aria attributes that tie an input to its hint and error. */
export function fieldAria(id: string, error: string | undefined, hasHint = false) {
  const ids = [hasHint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return { "aria-invalid": error ? ("true" as const) : undefined, "aria-describedby": ids || undefined };
}

/** Label, control, hint and error of one form field. The control carries `id` and `fieldAria`. */
export function Field(props: {
  id: string;
  label: JSX.Element;
  hint?: JSX.Element;
  error?: string;
  children: JSX.Element;
  class?: string;
}) {
  return (
    <div class={props.class ? `field ${props.class}` : "field"}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      <Show when={props.hint}>
        <div class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </div>
      </Show>
      <Show when={props.error}>
        <div class="error" id={`${props.id}-error`}>
          {props.error}
        </div>
      </Show>
    </div>
  );
}

/** The form-level alert for a failed submission (the server's translated message). */
export function FormAlert(props: { errors: FormErrors }) {
  return (
    <Show when={props.errors.message()}>
      <div class="banner banner-bad" role="alert">
        {props.errors.message()}
      </div>
    </Show>
  );
}

/** A message kept as its key, so that it follows a change of language. */
export type Note = { key: Key; params?: Record<string, string | number> };
export const note = (key: Key, params?: Record<string, string | number>): Note => ({ key, params });

/** A polite confirmation that something worked. */
export function SuccessNote(props: { note: Note | null }) {
  return (
    <div role="status" aria-live="polite">
      <Show when={props.note}>{(n) => <div class="banner banner-ok">{t(n().key, n().params)}</div>}</Show>
    </div>
  );
}
