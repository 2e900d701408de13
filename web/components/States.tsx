import { Show, type JSX } from "solid-js";
import { t } from "../i18n";
import { errorMessage } from "../lib/trpc";

export function Loading() {
  return (
    <div class="state state-loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {t("state.loading")}
    </div>
  );
}

export function ErrorBox(props: { error: unknown; retry?: () => void }) {
  return (
    <div class="state state-error" role="alert">
      <strong>{t("state.error")}</strong>
      <p>{errorMessage(props.error)}</p>
      <Show when={props.retry}>
        <button type="button" class="btn" onClick={() => props.retry?.()}>
          {t("state.retry")}
        </button>
      </Show>
    </div>
  );
}

export function Empty(props: { children?: JSX.Element }) {
  return <div class="state state-empty">{props.children ?? t("state.empty")}</div>;
}

/**
 * Renders a solid-query result: loading, error with retry, or the data.
 * `query` is the object returned by createQuery.
 */
export function QueryView<T>(props: {
  query: { isPending: boolean; isError: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  children: (data: T) => JSX.Element;
}) {
  return (
    <Show when={!props.query.isPending} fallback={<Loading />}>
      <Show
        when={!props.query.isError}
        fallback={<ErrorBox error={props.query.error} retry={() => props.query.refetch()} />}
      >
        {props.children(props.query.data as T)}
      </Show>
    </Show>
  );
}
