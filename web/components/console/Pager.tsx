import { Show } from "solid-js";
import { t } from "../../i18n";

/** 加载更多: the next page of a cursor-paginated list. */
export function Pager(props: { hasMore: boolean; loading: boolean; onMore: () => void }) {
  return (
    <Show when={props.hasMore}>
      <div class="btn-row pager">
        <button
          type="button"
          class="btn"
          disabled={props.loading}
          aria-busy={props.loading ? "true" : undefined}
          onClick={() => props.onMore()}
        >
          {props.loading ? t("state.loading") : t("action.more")}
        </button>
      </div>
    </Show>
  );
}
