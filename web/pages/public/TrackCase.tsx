import { A, useParams } from "@solidjs/router";
import { CaseSubjectLine } from "../../components/cases/subject";
import { createQuery } from "@tanstack/solid-query";
import { Match, Show, Switch } from "solid-js";
import { categoryLabel, kindLabel, Stepper, Timeline } from "../../components/cases/common";
import { ErrorBox, Loading } from "../../components/States";
import { isNotFound, retryUnlessNotFound, useTitle } from "../../components/public/util";
import { t, type Key } from "../../i18n";
import { formatDate, formatDateTime } from "../../lib/format";
import { api } from "../../lib/trpc";

/** "/track/:code": anyone with a case's tracking code sees its status and public timeline. */
export default function TrackCase() {
  const params = useParams<{ code: string }>();
  useTitle(() => t("case.track.title"));
  const query = createQuery(() => ({
    queryKey: ["cases.track", params.code],
    queryFn: () => api.cases.track.query({ code: params.code }),
    retry: retryUnlessNotFound,
  }));
  return (
    <div class="narrow case-page">
      <h1>{t("case.track.title")}</h1>
      <p class="meta">{t("case.track.code", { code: params.code })}</p>
      <Switch>
        <Match when={query.data}>
          {(c) => (
            <section class="card" data-testid="track-result" data-status={c().status}>
              <p class="head-badges">
                <span class="badge badge-info">{kindLabel(c().kind)}</span>{" "}
                <span class="badge">{categoryLabel(c().category)}</span>
              </p>
              <CaseSubjectLine subject={c().subject} />
              <Stepper status={c().status} dueAt={c().status === "closed" ? null : c().stageDueAt} />
              <dl class="kv">
                <dt>{t("case.filedAt")}</dt>
                <dd>{formatDateTime(c().createdAt)}</dd>
                <dt>{t("case.handler")}</dt>
                <dd>{c().handler ?? t("case.handlerNone")}</dd>
                <Show
                  when={c().status !== "closed"}
                  fallback={
                    <>
                      <dt>{t("case.closedAt")}</dt>
                      <dd>{formatDateTime(c().closedAt)}</dd>
                    </>
                  }
                >
                  <dt>{t("case.due")}</dt>
                  <dd>{formatDateTime(c().stageDueAt)}</dd>
                </Show>
                <Show when={c().kind === "dispute"}>
                  <dt>{t("case.mediation")}</dt>
                  <dd>
                    {t(`case.mediation.${c().mediation}` as Key)}
                    <Show when={c().courtConfirmationUntil}>
                      {(until) => <p class="meta">{t("case.court", { date: formatDate(until()) })}</p>}
                    </Show>
                  </dd>
                </Show>
              </dl>
              <Timeline events={c().events} />
            </section>
          )}
        </Match>
        <Match when={query.isPending}>
          <Loading />
        </Match>
        <Match when={isNotFound(query.error)}>
          <div class="state state-error" role="alert" data-testid="track-not-found">
            <strong>{t("case.track.notFound")}</strong>
            <p>
              <A href="/">{t("case.track.home")}</A>
            </p>
          </div>
        </Match>
        <Match when={query.isError}>
          <ErrorBox error={query.error} retry={() => query.refetch()} />
        </Match>
      </Switch>
    </div>
  );
}
