import { For, Show } from "solid-js";
import type { MemberResult, OptionResult, PollStatus } from "../../../shared/rules/polls";
import { t, type Key } from "../../i18n";
import { formatDateTime } from "../../lib/format";

type CommunityKind = "urban" | "village";

const STATUS_BADGE: Record<PollStatus, string> = {
  draft: "badge-muted",
  scheduled: "badge-info",
  open: "badge-warn",
  closed: "badge-ok",
  cancelled: "badge-bad",
};

/** 草稿 / 待开始 / 进行中 / 已结束 / 已取消 */
export function PollStatusBadge(props: { status: string }) {
  return (
    <span
      class={`badge ${STATUS_BADGE[props.status as PollStatus] ?? "badge-muted"}`}
      data-status={props.status}
      data-testid="poll-status"
    >
      {t(`pollc.status.${props.status}` as Key)}
    </span>
  );
}

/** 表决 / 征求意见 */
export const pollKindLabel = (kind: string) => t(`pollc.kind.${kind}` as Key);
/** 赞成/反对/弃权, 单选, 多选, 认可投票, 民主评议 */
export const ballotTypeLabel = (type: string) => t(`pollc.type.${type}` as Key);
/** 过半数 of votes cast / of the roll, two thirds of votes cast. */
export const passRuleLabel = (rule: string) => t(`pollc.rule.${rule}` as Key);

/** Who votes: village communities say 村民 / 村民代表. */
export const eligibilityLabel = (rule: string, community: CommunityKind | undefined) =>
  community === "village" && (rule === "adults" || rule === "representatives")
    ? t(`pollc.elig.${rule}Village` as Key)
    : t(`pollc.elig.${rule}` as Key);

/** "12.5%" of `part` in `whole`; "—" when there is no whole. */
export function percent(part: number, whole: number): string {
  if (!whole) return "—";
  const p = (part * 100) / whole;
  return `${Number.isInteger(p) ? p : p.toFixed(1)}%`;
}

/** 2026-05-01 09:00 – 2026-05-08 18:00 */
export function windowText(opensAt: number, closesAt: number) {
  return `${formatDateTime(opensAt)} – ${formatDateTime(closesAt)}`;
}

/**
 * Counts per option as bars of the share of ballots cast, with each option's pass mark where the
 * rule gives one (multiple choice, approval) and the winner of a single choice.
 */
export function OptionBars(props: { options: OptionResult[]; cast: number; winner?: string | null }) {
  return (
    <ul class="pollc-bars" data-testid="poll-bars">
      <For each={props.options}>
        {(o) => (
          <li class="pollc-bar-row" data-option-id={o.id} data-passed={o.passed === null ? "none" : String(o.passed)}>
            <div class="pollc-bar-head">
              <span class="pollc-bar-label">
                {o.label}
                <Show when={o.post}>
                  <span class="meta"> · {o.post}</span>
                </Show>
              </span>
              <span class="pollc-bar-count">
                {t("pollc.res.votes", { n: o.count })}
                <span class="meta"> · {percent(o.count, props.cast)}</span>
              </span>
            </div>
            <div class="pollc-bar" aria-hidden="true">
              <div
                class="pollc-bar-fill"
                classList={{ "pollc-bar-pass": o.passed === true || props.winner === o.id }}
                style={{ width: props.cast ? `${(o.count * 100) / props.cast}%` : "0%" }}
              />
            </div>
            <Show when={o.passed !== null || props.winner === o.id}>
              <span class={`badge ${o.passed || props.winner === o.id ? "badge-ok" : "badge-bad"}`}>
                {o.passed || props.winner === o.id ? t("pollc.res.optionPassed") : t("pollc.res.optionFailed")}
              </span>
            </Show>
          </li>
        )}
      </For>
    </ul>
  );
}

/** A democratic review: per member 称职 / 基本称职 / 不称职, flagged red when 不称职 has the majority. */
export function MemberTable(props: { members: MemberResult[]; cast: number; endsPost?: (name: string) => boolean }) {
  return (
    <div class="table-wrap">
      <table class="table table-stack pollc-members" data-testid="poll-members">
        <thead>
          <tr>
            <th scope="col">{t("pollc.res.member")}</th>
            <th scope="col" class="pollc-num">
              {t("pollc.rating.competent")}
            </th>
            <th scope="col" class="pollc-num">
              {t("pollc.rating.basic")}
            </th>
            <th scope="col" class="pollc-num">
              {t("pollc.rating.incompetent")}
            </th>
            <th scope="col">{t("pollc.res.flag")}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.members}>
            {(m) => (
              <tr
                data-member-id={m.id}
                data-incompetent-majority={m.incompetentMajority ? "true" : "false"}
                classList={{ "pollc-flagged": m.incompetentMajority }}
              >
                <td data-label={t("pollc.res.member")}>
                  <strong>{m.label}</strong>
                  <Show when={m.post}>
                    <span class="meta"> · {m.post}</span>
                  </Show>
                </td>
                <td class="pollc-num" data-label={t("pollc.rating.competent")}>
                  {m.competent}
                </td>
                <td class="pollc-num" data-label={t("pollc.rating.basic")}>
                  {m.basic}
                </td>
                <td class="pollc-num" data-label={t("pollc.rating.incompetent")}>
                  {m.incompetent}
                  <span class="meta"> ({percent(m.incompetent, props.cast)})</span>
                </td>
                <td data-label={t("pollc.res.flag")}>
                  <Show when={m.incompetentMajority} fallback={<span class="muted">—</span>}>
                    <span class="badge badge-bad" data-testid="poll-incompetent-flag">
                      {t("pollc.res.incompetentMajority")}
                    </span>
                  </Show>
                  <Show when={props.endsPost?.(m.label)}>
                    {" "}
                    <span class="badge badge-bad pollc-ends-post" data-testid="poll-ends-post">
                      {t("pollc.res.endsPost")}
                    </span>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
