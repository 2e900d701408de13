import "../../styles/polls-console.css";
import { A } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { For, Show } from "solid-js";
import { isWriter, useConsoleUser } from "../../components/console/user";
import {
  ballotTypeLabel,
  eligibilityLabel,
  percent,
  pollKindLabel,
  PollStatusBadge,
} from "../../components/polls/PollConsoleBits";
import { Empty, ErrorBox, Loading } from "../../components/States";
import { t } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { api } from "../../lib/trpc";

/** /admin/polls: every vote and consultation of the community, drafts included, newest first. */
export default function Polls() {
  const user = useConsoleUser();
  const communityId = () => user().community!.id;
  const community = () => user().community?.kind;
  const query = createQuery(() => ({
    queryKey: ["polls.staffList", communityId()],
    queryFn: () => api.polls.staffList.query({ communityId: communityId() }),
  }));
  return (
    <div class="console-page pollc-page">
      <div class="page-head">
        <h1>{t("pollc.list.title")}</h1>
        <Show when={isWriter(user().role)}>
          <A href="/admin/polls/new" class="btn btn-primary" data-testid="poll-new">
            {t("pollc.list.new")}
          </A>
        </Show>
      </div>
      <p class="muted">{t("pollc.list.intro")}</p>
      <Show when={!query.isPending} fallback={<Loading />}>
        <Show when={!query.isError} fallback={<ErrorBox error={query.error} retry={() => query.refetch()} />}>
          <Show
            when={query.data?.length}
            fallback={
              <Empty>
                <p data-testid="poll-empty">{t("pollc.list.empty")}</p>
                <Show when={isWriter(user().role)}>
                  <A href="/admin/polls/new" class="btn">
                    {t("pollc.list.new")}
                  </A>
                </Show>
              </Empty>
            }
          >
            <div class="table-wrap card">
              <table class="table table-stack pollc-table" data-testid="poll-list">
                <thead>
                  <tr>
                    <th scope="col">{t("pollc.col.title")}</th>
                    <th scope="col">{t("pollc.col.kind")}</th>
                    <th scope="col">{t("pollc.col.window")}</th>
                    <th scope="col">{t("pollc.col.status")}</th>
                    <th scope="col" class="pollc-num">
                      {t("pollc.col.turnout")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={query.data}>
                    {(p) => (
                      <tr data-testid="poll-row" data-poll-id={p.id} data-status={p.status}>
                        <td data-label={t("pollc.col.title")}>
                          <A href={`/admin/polls/${p.id}`} class="pollc-title-link">
                            {p.title}
                          </A>
                          <div class="meta">
                            {eligibilityLabel(p.eligibility, community())}
                            {p.secret ? ` · ${t("pollc.secret.short")}` : ""}
                          </div>
                        </td>
                        <td data-label={t("pollc.col.kind")}>
                          {pollKindLabel(p.kind)}
                          <div class="meta">{ballotTypeLabel(p.ballotType)}</div>
                        </td>
                        <td data-label={t("pollc.col.window")}>
                          <span class="nowrap">{formatDateTime(p.opensAt)}</span> –{" "}
                          <span class="nowrap">{formatDateTime(p.closesAt)}</span>
                        </td>
                        <td data-label={t("pollc.col.status")}>
                          <PollStatusBadge status={p.status} />
                        </td>
                        <td class="pollc-num nowrap" data-label={t("pollc.col.turnout")} data-testid="poll-row-turnout">
                          <Show
                            when={p.eligibleCount !== null}
                            fallback={
                              <span class="muted">
                                {p.status === "cancelled" ? "—" : t("pollc.list.rollAtOpening")}
                              </span>
                            }
                          >
                            {p.cast} / {p.eligibleCount}
                            <div class="meta">{percent(p.cast, p.eligibleCount ?? 0)}</div>
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
