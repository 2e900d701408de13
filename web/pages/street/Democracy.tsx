import "../../styles/polls-console.css";
import { createQuery } from "@tanstack/solid-query";
import { createSignal, For, Show, type Accessor, type JSX } from "solid-js";
import { useConsoleUser } from "../../components/console/user";
import {
  ballotTypeLabel,
  percent,
  pollKindLabel,
  PollStatusBadge,
  windowText,
} from "../../components/polls/PollConsoleBits";
import { Empty, ErrorBox, Loading } from "../../components/States";
import { t, type Key } from "../../i18n";
import { formatDate } from "../../lib/format";
import { api } from "../../lib/trpc";

type Compliance = Awaited<ReturnType<typeof api.meetings.compliance.query>>;
type Street = Awaited<ReturnType<typeof api.polls.street.query>>;
type Awaiting = Awaited<ReturnType<typeof api.petitions.awaiting.query>>;
type StreetPoll = Street["polls"][number];

/** Loading, error with retry, or the data (kept across refetches). */
function Loaded<T>(props: {
  query: { isPending: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  children: (data: Accessor<NonNullable<T>>) => JSX.Element;
}) {
  return (
    <Show when={!props.query.isPending} fallback={<Loading />}>
      <Show
        when={props.query.data}
        fallback={<ErrorBox error={props.query.error} retry={() => props.query.refetch()} />}
      >
        {(data) => props.children(data)}
      </Show>
    </Show>
  );
}

/**
 * /street/democracy: whether each community holds the meetings its kind requires, petitions
 * awaiting a meeting, every community's votes and consultations, and the democratic review's flags.
 */
export default function Democracy() {
  const compliance = createQuery(() => ({
    queryKey: ["meetings.compliance"],
    queryFn: () => api.meetings.compliance.query(),
  }));
  const polls = createQuery(() => ({ queryKey: ["polls.street"], queryFn: () => api.polls.street.query() }));
  const awaiting = createQuery(() => ({
    queryKey: ["petitions.awaiting"],
    queryFn: () => api.petitions.awaiting.query(),
  }));
  return (
    <div class="console-page pollc-page">
      <h1>{t("pollc.street.title")}</h1>
      <p class="muted">{t("pollc.street.intro")}</p>
      <section class="card" aria-labelledby="pollc-comp-h" data-testid="democracy-compliance">
        <h2 id="pollc-comp-h">{t("pollc.street.compliance")}</h2>
        <p class="hint">{t("pollc.street.complianceHint")}</p>
        <Loaded query={compliance}>{(data) => <ComplianceTable data={data()} />}</Loaded>
      </section>
      <section class="card" aria-labelledby="pollc-pet-h" data-testid="democracy-petitions">
        <h2 id="pollc-pet-h">{t("pollc.street.petitions")}</h2>
        <Loaded query={awaiting}>{(data) => <PetitionList data={data()} />}</Loaded>
      </section>
      <section class="card" aria-labelledby="pollc-polls-h" data-testid="democracy-polls">
        <h2 id="pollc-polls-h">{t("pollc.street.polls")}</h2>
        <Loaded query={polls}>{(data) => <PollTable polls={data().polls} />}</Loaded>
      </section>
      <section class="card" aria-labelledby="pollc-flags-h" data-testid="democracy-flags">
        <h2 id="pollc-flags-h">{t("pollc.street.flags")}</h2>
        <p class="hint">{t("pollc.street.flagsHint")}</p>
        <Loaded query={polls}>{(data) => <FlagTable flags={data().reviewFlags} />}</Loaded>
      </section>
    </div>
  );
}

function ComplianceTable(props: { data: Compliance }) {
  const overdue = () => props.data.filter((c) => c.required.some((r) => !r.ok));
  const rows = () =>
    [...props.data].sort((a, b) => Number(b.required.some((r) => !r.ok)) - Number(a.required.some((r) => !r.ok)));
  return (
    <Show when={props.data.length} fallback={<Empty>{t("pollc.street.noCommunities")}</Empty>}>
      <p class={`banner ${overdue().length ? "banner-bad" : "banner-ok"}`} data-testid="compliance-summary">
        {overdue().length
          ? t("pollc.street.overdueSummary", { n: overdue().length, total: props.data.length })
          : t("pollc.street.allInTime")}
      </p>
      <div class="table-wrap">
        <table class="table table-stack pollc-compliance">
          <thead>
            <tr>
              <th scope="col">{t("pollc.street.col.community")}</th>
              <th scope="col">{t("pollc.street.col.required")}</th>
              <th scope="col" class="pollc-num">
                {t("pollc.street.col.held")}
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={rows()}>
              {(c) => (
                <tr
                  data-testid="compliance-row"
                  data-community={c.slug}
                  data-ok={c.required.every((r) => r.ok) ? "true" : "false"}
                >
                  <td data-label={t("pollc.street.col.community")}>
                    <strong>{c.name}</strong> <span class="muted">{t(`kind.${c.kind}` as Key)}</span>
                  </td>
                  <td data-label={t("pollc.street.col.required")}>
                    <Show
                      when={c.required.length}
                      fallback={<span class="muted">{t("pollc.street.noneRequired")}</span>}
                    >
                      <ul class="pollc-required">
                        <For each={c.required}>
                          {(r) => (
                            <li data-kind={r.kind} data-ok={r.ok ? "true" : "false"}>
                              <span>
                                {t(`mtg.kind.${r.kind}` as Key)}
                                <span class="meta"> · {t("pollc.street.every", { n: r.everyMonths })}</span>
                              </span>{" "}
                              <span class={`badge ${r.ok ? "badge-ok" : "badge-bad"}`}>
                                {r.ok ? t("pollc.street.inTime") : t("pollc.street.overdue")}
                              </span>
                              <div class="meta">
                                {r.lastHeldAt
                                  ? t("pollc.street.lastHeld", { date: formatDate(r.lastHeldAt) })
                                  : t("pollc.street.neverHeld")}
                              </div>
                            </li>
                          )}
                        </For>
                      </ul>
                    </Show>
                  </td>
                  <td class="pollc-num" data-label={t("pollc.street.col.held")}>
                    {c.held}
                    <div class="meta">{t("pollc.street.quorate", { n: c.quorate })}</div>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}

function PetitionList(props: { data: Awaiting }) {
  return (
    <Show when={props.data.length} fallback={<p class="muted">{t("pollc.street.noPetitions")}</p>}>
      <ul class="list">
        <For each={props.data}>
          {(p) => (
            <li data-testid="street-petition-row" data-petition-id={p.id}>
              <strong>{p.communityName}</strong> · {t(`mtg.kind.${p.kind}` as Key)}：{p.petitionTitle}
              <div class="meta">
                {t("pollc.street.petitionLine", { k: p.threshold, at: p.reachedAt ? formatDate(p.reachedAt) : "—" })}
              </div>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}

const FILTERS = ["all", "open", "scheduled", "closed", "cancelled"] as const;
type Filter = (typeof FILTERS)[number];

/** 通过 / 未通过 for a vote that decides; 仅供参考 for a consultation; 见评议 for a review. */
function Outcome(props: { p: StreetPoll }) {
  return (
    <Show when={props.p.status === "closed"} fallback={<span class="muted">—</span>}>
      <Show
        when={props.p.kind === "vote" && props.p.ballotType !== "review" && props.p.passed !== null}
        fallback={
          <span class="badge badge-info">
            {props.p.ballotType === "review"
              ? t("pollc.street.reviewDone")
              : props.p.kind === "consultation"
                ? t("pollc.street.advisory")
                : t("pollc.street.perOption")}
          </span>
        }
      >
        <span class={`badge ${props.p.passed ? "badge-ok" : "badge-bad"}`} data-testid="street-poll-passed">
          {props.p.passed ? t("pollc.res.passed") : t("pollc.res.failed")}
        </span>
      </Show>
      <Show when={props.p.turnoutMet === false}>
        <div class="meta">{t("pollc.street.turnoutNotMet")}</div>
      </Show>
    </Show>
  );
}

function PollTable(props: { polls: StreetPoll[] }) {
  const user = useConsoleUser();
  const street = () => user().street?.slug ?? "";
  const [filter, setFilter] = createSignal<Filter>("all");
  const shown = () => props.polls.filter((p) => filter() === "all" || p.status === filter());
  const count = (f: Filter) => (f === "all" ? props.polls.length : props.polls.filter((p) => p.status === f).length);
  return (
    <Show when={props.polls.length} fallback={<Empty>{t("pollc.street.noPolls")}</Empty>}>
      <div class="tabs" role="group" aria-label={t("pollc.street.filter")}>
        <For each={FILTERS}>
          {(f) => (
            <button
              type="button"
              class="tab"
              aria-pressed={filter() === f}
              data-testid={`street-poll-filter-${f}`}
              onClick={() => setFilter(f)}
            >
              {f === "all" ? t("pollc.street.all") : t(`pollc.status.${f}` as Key)} ({count(f)})
            </button>
          )}
        </For>
      </div>
      <Show when={shown().length} fallback={<p class="muted">{t("pollc.street.noneInFilter")}</p>}>
        <div class="table-wrap">
          <table class="table table-stack pollc-street-polls">
            <thead>
              <tr>
                <th scope="col">{t("pollc.street.col.community")}</th>
                <th scope="col">{t("pollc.col.title")}</th>
                <th scope="col">{t("pollc.col.status")}</th>
                <th scope="col" class="pollc-num">
                  {t("pollc.col.turnout")}
                </th>
                <th scope="col">{t("pollc.street.col.outcome")}</th>
              </tr>
            </thead>
            <tbody>
              <For each={shown()}>
                {(p) => (
                  <tr
                    data-testid="street-poll-row"
                    data-poll-id={p.id}
                    data-status={p.status}
                    data-passed={p.passed === null ? "none" : String(p.passed)}
                  >
                    <td data-label={t("pollc.street.col.community")}>{p.communityName}</td>
                    <td data-label={t("pollc.col.title")}>
                      <a href={`/${street()}/${p.communitySlug}/polls/${p.id}`} class="pollc-title-link">
                        {p.title}
                      </a>
                      <div class="meta">
                        {pollKindLabel(p.kind)} · {ballotTypeLabel(p.ballotType)}
                      </div>
                      <div class="meta">{windowText(p.opensAt, p.closesAt)}</div>
                    </td>
                    <td data-label={t("pollc.col.status")}>
                      <PollStatusBadge status={p.status} />
                    </td>
                    <td class="pollc-num nowrap" data-label={t("pollc.col.turnout")}>
                      <Show when={p.eligibleCount !== null} fallback={<span class="muted">—</span>}>
                        {p.cast} / {p.eligibleCount}
                        <div class="meta">{percent(p.cast, p.eligibleCount ?? 0)}</div>
                      </Show>
                    </td>
                    <td data-label={t("pollc.street.col.outcome")}>
                      <Outcome p={p} />
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </Show>
  );
}

function FlagTable(props: { flags: Street["reviewFlags"] }) {
  const ending = () => props.flags.filter((f) => f.endsPost).length;
  return (
    <Show when={props.flags.length} fallback={<p class="muted">{t("pollc.street.noFlags")}</p>}>
      <Show when={ending()}>
        <p class="banner banner-bad" data-testid="review-ends-summary">
          {t("pollc.street.endsSummary", { n: ending() })}
        </p>
      </Show>
      <div class="table-wrap">
        <table class="table table-stack pollc-flags">
          <thead>
            <tr>
              <th scope="col">{t("pollc.street.col.community")}</th>
              <th scope="col">{t("pollc.street.col.year")}</th>
              <th scope="col">{t("pollc.res.member")}</th>
              <th scope="col" class="pollc-num">
                {t("pollc.rating.incompetent")}
              </th>
              <th scope="col">{t("pollc.res.flag")}</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.flags}>
              {(f) => (
                <tr
                  data-testid="review-flag-row"
                  data-ends-post={f.endsPost ? "true" : "false"}
                  classList={{ "pollc-ends-row": f.endsPost }}
                >
                  <td data-label={t("pollc.street.col.community")}>{f.communityName}</td>
                  <td data-label={t("pollc.street.col.year")}>{f.year}</td>
                  <td data-label={t("pollc.res.member")}>
                    <strong>{f.memberName}</strong>
                    <Show when={f.post}>
                      <span class="meta"> · {f.post}</span>
                    </Show>
                  </td>
                  <td class="pollc-num nowrap" data-label={t("pollc.rating.incompetent")}>
                    {f.incompetent} / {f.ballotsCast}
                    <div class="meta">{percent(f.incompetent, f.ballotsCast)}</div>
                  </td>
                  <td data-label={t("pollc.res.flag")}>
                    <Show
                      when={f.endsPost}
                      fallback={<span class="badge badge-warn">{t("pollc.res.incompetentMajority")}</span>}
                    >
                      <span class="badge badge-bad pollc-ends-post" data-testid="review-ends-post">
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
    </Show>
  );
}
