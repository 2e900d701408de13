import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { lang, t } from "../../i18n";
import { formatDate } from "../../lib/format";
import { categoryLabel } from "../../../shared/rules/categories";
import type { CommunityKind, NoticeListItem } from "./queries";
import { noticePath } from "./util";

/** One notice in a list: title link, date and its state badges. */
export function NoticeRow(props: {
  item: NoticeListItem;
  street: string;
  community: string;
  kind: CommunityKind;
  showCategory?: boolean;
  showPinned?: boolean;
}) {
  const when = () => props.item.lastPublishedAt ?? props.item.firstPublishedAt;
  return (
    <li class="notice-row">
      <A href={noticePath(props.street, props.community, props.item.id)} class="notice-title">
        {props.item.title}
      </A>
      <div class="meta notice-row-meta">
        <Show when={props.showCategory}>
          <span>{categoryLabel(props.item.category, props.kind, lang())}</span>
        </Show>
        <time datetime={when() ? new Date(when()!).toISOString() : undefined}>{formatDate(when())}</time>
        <Show when={props.showPinned && props.item.pinned}>
          <span class="badge badge-info">{t("pub.badge.pinned")}</span>
        </Show>
        <Show when={props.item.status === "withdrawn"}>
          <span class="badge badge-bad">{t("pub.badge.withdrawn")}</span>
        </Show>
        <Show when={props.item.version > 1}>
          <span class="badge badge-warn">{t("pub.badge.corrected", { n: props.item.version })}</span>
        </Show>
      </div>
    </li>
  );
}
