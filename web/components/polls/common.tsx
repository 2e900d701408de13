import type { inferRouterOutputs } from "@trpc/server";
import { Show } from "solid-js";
import type { AppRouter } from "../../../worker/router";
import type { PollOption, Rating } from "../../../shared/rules/polls";
import { lang, registerStrings, t, type Key } from "../../i18n";
import { pollsPublicStrings } from "../../i18n/polls-public";
import { api } from "../../lib/trpc";
import { retryUnlessNotFound } from "../public/util";
import "../../styles/polls-public.css";

registerStrings(pollsPublicStrings);

type Outputs = inferRouterOutputs<AppRouter>;
export type PollRow = Outputs["polls"]["list"][number];
export type PublicPoll = Outputs["polls"]["get"];
export type MyPoll = Outputs["polls"]["mine"][number];
export type ReviewOutcome = Outputs["polls"]["reviews"][number];
export type PublishedBallot = PublicPoll["ballots"][number];

export const pollsPath = (street: string, community: string) => `/${street}/${community}/polls`;
export const pollPath = (street: string, community: string, id: string) =>
  `${pollsPath(street, community)}/${encodeURIComponent(id)}`;

export const pollQuery = (street: string, community: string, id: string) => ({
  queryKey: ["polls.get", street, community, id],
  queryFn: () => api.polls.get.query({ street, community, id }),
  retry: retryUnlessNotFound,
});

/** 表决 / 征求意见 / 民主评议. */
export const kindLabel = (p: { kind: string; ballotType: string }) =>
  p.ballotType === "review" ? t("poll.kind.review") : t(`poll.kind.${p.kind}` as Key);

const STATUS_BADGE: Record<string, string> = {
  scheduled: "badge-info",
  open: "badge-warn",
  closed: "badge-muted",
  cancelled: "badge-bad",
};

export function StatusBadge(props: { status: string }) {
  return (
    <span class={`badge ${STATUS_BADGE[props.status] ?? "badge-muted"}`} data-status={props.status}>
      {t(`poll.status.${props.status}` as Key)}
    </span>
  );
}

/**
 * The outcome of a closed poll in one word: 通过 / 未通过 for a question that decides, 仅供参考
 * for a consultation, 未达投票率 when too few voted, else 已公布结果 (several options, a review).
 */
export function resultOf(p: {
  status: string;
  kind: string;
  ballotType: string;
  passed: boolean | null;
  turnoutMet: boolean | null;
}): { key: Key; badge: string; value: string } | null {
  if (p.status !== "closed") return null;
  if (p.ballotType === "review") return { key: "poll.result.published", badge: "badge-muted", value: "published" };
  if (p.kind === "consultation") return { key: "poll.result.advisory", badge: "badge-info", value: "advisory" };
  if (p.passed === true) return { key: "poll.result.passed", badge: "badge-ok", value: "passed" };
  if (p.passed === false) return { key: "poll.result.failed", badge: "badge-bad", value: "failed" };
  if (p.turnoutMet === false) return { key: "poll.result.lowTurnout", badge: "badge-bad", value: "low-turnout" };
  return { key: "poll.result.published", badge: "badge-muted", value: "published" };
}

export function ResultBadge(props: Parameters<typeof resultOf>[0]) {
  return (
    <Show when={resultOf(props)}>
      {(r) => (
        <span class={`badge ${r().badge}`} data-testid="poll-result-badge" data-result={r().value}>
          {t(r().key)}
        </span>
      )}
    </Show>
  );
}

export const RATING_BADGE: Record<Rating, string> = {
  competent: "badge-ok",
  basic: "badge-info",
  incompetent: "badge-bad",
};

/** "赞成" / "张三（主任）". */
export const optionLabel = (o: Pick<PollOption, "label" | "post">) => (o.post ? `${o.label}（${o.post}）` : o.label);

/**
 * A published ballot's canonical text in words: "o1,o3" → "甲、丙"; "m1=competent,…" →
 * "张三：称职；李四：基本称职"; "" → 未选任何一项 (an approval ballot approving nothing).
 */
export function choiceWords(choice: string, options: PollOption[]): string {
  if (!choice) return t("poll.choice.none");
  const byId = new Map(options.map((o) => [o.id, o]));
  const sep = lang() === "zh" ? "、" : ", ";
  if (choice.includes("="))
    return choice
      .split(",")
      .map((pair) => {
        const [id, rating] = pair.split("=");
        const name = byId.get(id)?.label ?? id;
        return `${name}${lang() === "zh" ? "：" : ": "}${t(`poll.rating.${rating}` as Key)}`;
      })
      .join(lang() === "zh" ? "；" : "; ");
  return choice
    .split(",")
    .map((id) => byId.get(id)?.label ?? id)
    .join(sep);
}

/** Percentage with one decimal at most ("33.3%"), or "—" when nothing was cast. */
export const pct = (n: number, of: number) =>
  of > 0 ? `${Math.round((n / of) * 1000) / 10}%`.replace(".0%", "%") : "—";

/** The server's reason (a `poll.ineligible.*` message key) in the pages' own words. */
export const whyNot = (reason: string | null) =>
  t(`poll.why.${(reason ?? "").replace(/^poll\.ineligible\./, "") || "notOnRoll"}` as Key);
