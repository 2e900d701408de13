import { A } from "@solidjs/router";
import { createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Show } from "solid-js";
import {
  defaultRuleSet,
  ruleFor,
  RULE_SETS,
  type Basis,
  type Fraction,
  type MeetingKind,
  type RuleSetId,
} from "../../../shared/rules/meetings";
import { isDraftReader, isWriter, useConsoleUser } from "../../components/console/user";
import { Empty, ErrorBox, Loading } from "../../components/States";
import { lang, t, type Key } from "../../i18n";
import { formatDate, formatDateTime } from "../../lib/format";
import { api, errorMessage } from "../../lib/trpc";

export type MeetingStatus = "draft" | "announced" | "open" | "closed" | "cancelled";
export type ItemResult = "passed" | "failed" | "advisory";
export type DecisionStatus = "planned" | "in_progress" | "done" | "stalled";
type CommunityKind = "urban" | "village";

export const BASES: Basis[] = [
  "adults",
  "household_reps",
  "representatives",
  "group_adults",
  "group_households",
  "none",
];

/** 居民会议 …, or the consultation's own form (议事会 / 听证会 / 恳谈会). */
export const kindLabel = (kind: string, subkind?: string | null) => subkind || t(`mtg.kind.${kind}` as Key);

export const basisLabel = (basis: string, community: CommunityKind | undefined) =>
  community === "village" && (basis === "adults" || basis === "representatives")
    ? t(`mtg.basis.${basis}Village` as Key)
    : t(`mtg.basis.${basis}` as Key);

export const ruleSetLabel = (ruleSet: string) =>
  (RULE_SETS as readonly string[]).includes(ruleSet) ? t(`mtg.ruleSet.${ruleSet}` as Key) : ruleSet;

export const communityRuleSet = (kind: CommunityKind | undefined): RuleSetId => defaultRuleSet(kind ?? "urban");

/** A label inside an English sentence starts in lower case. */
const inSentence = (label: string) => (lang() === "en" ? label.charAt(0).toLowerCase() + label.slice(1) : label);

/** "过半数" / "三分之二以上" / "超过 3/5" … */
export function fractionText(f: Fraction): string {
  if (f.strict && f.num * 2 === f.den) return t("mtg.frac.half");
  if (!f.strict && f.num * 3 === f.den * 2) return t("mtg.frac.twoThirds");
  return t(f.strict ? "mtg.frac.more" : "mtg.frac.atLeast", { num: f.num, den: f.den });
}

/** The rule of a kind of meeting in words: quorum per basis, decision, notice, proxies, frequency. */
export function ruleLines(ruleSet: RuleSetId, kind: MeetingKind, community: CommunityKind | undefined): string[] {
  const rule = ruleFor(ruleSet, kind);
  if (!rule) return [];
  const bases = BASES.filter((b) => rule.quorum[b]);
  const lines: string[] = [];
  if (bases.every((b) => b === "none")) lines.push(t("mtg.rule.noQuorum"));
  else
    lines.push(
      t("mtg.rule.quorum", {
        list: bases
          .map((b) =>
            t("mtg.rule.quorumItem", {
              basis: inSentence(basisLabel(b, community)),
              fraction: fractionText(rule.quorum[b]!),
            }),
          )
          .join(t("mtg.rule.quorumOr")),
      }),
    );
  lines.push(
    rule.decision ? t("mtg.rule.decision", { fraction: fractionText(rule.decision) }) : t("mtg.rule.advisory"),
  );
  lines.push(rule.noticeDays > 0 ? t("mtg.rule.notice", { days: rule.noticeDays }) : t("mtg.rule.noNotice"));
  lines.push(rule.maxProxies > 0 ? t("mtg.rule.proxies", { n: rule.maxProxies }) : t("mtg.rule.noProxies"));
  if (rule.everyMonths) lines.push(t("mtg.rule.every", { n: rule.everyMonths }));
  return lines;
}

export function RuleList(props: { ruleSet: RuleSetId; kind: MeetingKind; community: CommunityKind | undefined }) {
  return (
    <ul class="mtg-rule" data-testid="mtg-rule">
      <For each={ruleLines(props.ruleSet, props.kind, props.community)}>{(line) => <li>{line}</li>}</For>
    </ul>
  );
}

const STATUS_BADGE: Record<MeetingStatus, string> = {
  draft: "badge-muted",
  announced: "badge-info",
  open: "badge-warn",
  closed: "badge-ok",
  cancelled: "badge-bad",
};

export function MeetingStatusBadge(props: { status: string }) {
  return (
    <span class={`badge ${STATUS_BADGE[props.status as MeetingStatus] ?? "badge-muted"}`} data-status={props.status}>
      {t(`mtg.status.${props.status}` as Key)}
    </span>
  );
}

const RESULT_BADGE: Record<ItemResult, string> = { passed: "badge-ok", failed: "badge-bad", advisory: "badge-info" };

export function ResultBadge(props: { result: string }) {
  return (
    <span class={`badge ${RESULT_BADGE[props.result as ItemResult] ?? "badge-muted"}`} data-result={props.result}>
      {t(`mtg.result.${props.result}` as Key)}
    </span>
  );
}

const DECISION_BADGE: Record<DecisionStatus, string> = {
  planned: "badge-muted",
  in_progress: "badge-info",
  done: "badge-ok",
  stalled: "badge-bad",
};

export function DecisionStatusBadge(props: { status: string }) {
  return (
    <span class={`badge ${DECISION_BADGE[props.status as DecisionStatus] ?? "badge-muted"}`} data-status={props.status}>
      {t(`mtg.dstatus.${props.status}` as Key)}
    </span>
  );
}

/** /admin/meetings: every meeting of the community, drafts included, newest first. */
export default function Meetings() {
  const user = useConsoleUser();
  const communityId = () => user().community!.id;
  const query = createQuery(() => ({
    queryKey: ["meetings.staffList", communityId()],
    queryFn: () => api.meetings.staffList.query({ communityId: communityId() }),
  }));
  return (
    <div class="console-page mtg-page">
      <div class="page-head">
        <h1>{t("mtg.list.title")}</h1>
        <Show when={isWriter(user().role)}>
          <A href="/admin/meetings/new" class="btn btn-primary" data-action="mtg-new">
            {t("mtg.list.new")}
          </A>
        </Show>
      </div>
      <p class="muted">{t("mtg.list.intro")}</p>
      <p class="meta">{t("mtg.list.ruleSet", { ruleSet: ruleSetLabel(communityRuleSet(user().community?.kind)) })}</p>
      <Show when={isDraftReader(user().role)}>
        <ReachedPetitions communityId={communityId()} meetings={query.data ?? []} canLink={isWriter(user().role)} />
      </Show>
      <Show when={!query.isPending} fallback={<Loading />}>
        <Show when={!query.isError} fallback={<ErrorBox error={query.error} retry={() => query.refetch()} />}>
          <Show when={query.data?.length} fallback={<Empty>{t("mtg.list.empty")}</Empty>}>
            <div class="table-wrap card">
              <table class="table table-stack mtg-table" data-testid="mtg-list">
                <thead>
                  <tr>
                    <th scope="col">{t("mtg.col.kind")}</th>
                    <th scope="col">{t("mtg.col.title")}</th>
                    <th scope="col">{t("mtg.col.time")}</th>
                    <th scope="col">{t("mtg.col.status")}</th>
                    <th scope="col" class="mtg-num">
                      {t("mtg.col.attendance")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={query.data}>
                    {(m) => (
                      <tr data-meeting-id={m.id} data-status={m.status}>
                        <td data-label={t("mtg.col.kind")}>{kindLabel(m.kind, m.subkind)}</td>
                        <td data-label={t("mtg.col.title")}>
                          <A href={`/admin/meetings/${m.id}`} class="mtg-title-link">
                            {m.title}
                          </A>
                        </td>
                        <td class="nowrap" data-label={t("mtg.col.time")}>
                          {formatDateTime(m.startsAt)}
                        </td>
                        <td data-label={t("mtg.col.status")}>
                          <MeetingStatusBadge status={m.status} />
                        </td>
                        <td class="mtg-num nowrap" data-label={t("mtg.col.attendance")}>
                          <Show
                            when={m.eligibleCount !== null}
                            fallback={
                              <span class="muted">{m.status === "cancelled" ? "—" : t("mtg.list.notOpened")}</span>
                            }
                          >
                            {m.present} / {m.eligibleCount}
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
        </Show>
      </Show>
    </div>
  );
}

/** Petitions that reached their threshold: the committee must convene a meeting and link it here. */
function ReachedPetitions(props: {
  communityId: string;
  meetings: { id: string; title: string; startsAt: number; status: string }[];
  canLink: boolean;
}) {
  const qc = useQueryClient();
  const petitions = createQuery(() => ({
    queryKey: ["petitions.staffList", props.communityId],
    queryFn: () => api.petitions.staffList.query({ communityId: props.communityId }),
  }));
  const reached = () => (petitions.data ?? []).filter((p) => p.status === "reached");
  const [choice, setChoice] = createSignal<Record<string, string>>({});
  const [busy, setBusy] = createSignal("");
  const [error, setError] = createSignal("");
  const [done, setDone] = createSignal("");
  const link = async (id: string) => {
    const meetingId = choice()[id];
    if (!meetingId || busy()) return;
    setBusy(id);
    setError("");
    setDone("");
    try {
      await api.petitions.markConvened.mutate({ id, meetingId });
      setDone(t("mtg.petition.linked"));
      await qc.invalidateQueries({ queryKey: ["petitions.staffList", props.communityId] });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy("");
    }
  };
  const usable = () => props.meetings.filter((m) => m.status !== "cancelled");
  return (
    <Show when={reached().length > 0 || done() || error()}>
      <section class="card" aria-labelledby="mtg-petitions-h" data-testid="mtg-petitions">
        <h2 id="mtg-petitions-h">{t("mtg.petition.title")}</h2>
        <ul class="list">
          <For each={reached()}>
            {(p) => (
              <li data-petition-id={p.id}>
                <div>
                  {t("mtg.petition.line", {
                    kind: kindLabel(p.kind),
                    title: p.title,
                    n: p.signatures,
                    k: p.threshold,
                    at: p.reachedAt ? formatDate(p.reachedAt) : "—",
                  })}
                </div>
                <Show when={props.canLink}>
                  <div class="btn-row">
                    <label class="sr-only" for={`pet-meeting-${p.id}`}>
                      {t("mtg.petition.meeting")}
                    </label>
                    <select
                      id={`pet-meeting-${p.id}`}
                      name="meetingId"
                      value={choice()[p.id] ?? ""}
                      onChange={(e) => setChoice((c) => ({ ...c, [p.id]: e.currentTarget.value }))}
                    >
                      <option value="">{t("mtg.petition.choose")}</option>
                      <For each={usable()}>
                        {(m) => (
                          <option value={m.id}>
                            {m.title}（{formatDate(m.startsAt)}）
                          </option>
                        )}
                      </For>
                    </select>
                    <button
                      type="button"
                      class="btn"
                      disabled={!choice()[p.id] || busy() === p.id}
                      onClick={() => link(p.id)}
                      data-action="petition-link"
                    >
                      {t("mtg.petition.link")}
                    </button>
                  </div>
                </Show>
              </li>
            )}
          </For>
        </ul>
        <p role="alert" class="error">
          {error()}
        </p>
        <Show when={done()}>
          <p role="status" class="meta">
            {done()}
          </p>
        </Show>
      </section>
    </Show>
  );
}
