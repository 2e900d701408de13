import { A } from "@solidjs/router";
import { Show, type JSX } from "solid-js";
import { t } from "../../i18n";
import { errorMessage } from "../../lib/trpc";
import { ErrorBox, Loading } from "../States";
import { isNotFound } from "./util";

/**
 * Like QueryView, but "not found" gets a way back home instead of a pointless retry button.
 */
export function PageQuery<T>(props: {
  query: { isPending: boolean; isError: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  children: (data: T) => JSX.Element;
}) {
  return (
    <Show when={!props.query.isPending} fallback={<Loading />}>
      <Show
        when={!props.query.isError}
        fallback={
          <Show
            when={isNotFound(props.query.error)}
            fallback={<ErrorBox error={props.query.error} retry={() => props.query.refetch()} />}
          >
            <div class="state state-error" role="alert">
              <strong>{errorMessage(props.query.error)}</strong>
              <p>
                <A href="/">{t("pub.backDirectory")}</A>
              </p>
            </div>
          </Show>
        }
      >
        {props.children(props.query.data as T)}
      </Show>
    </Show>
  );
}
