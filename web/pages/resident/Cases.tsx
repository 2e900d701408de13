import { A } from "@solidjs/router";
import { CaseSubjectLine } from "../../components/cases/subject";
import { createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { categoryLabel, kindLabel, stars, Stepper, Timeline, type MyCase } from "../../components/cases/common";
import { AddPhotos, PhotoLinks } from "../../components/cases/photos";
import { ErrorBox, Loading, QueryView } from "../../components/States";
import { useTitle } from "../../components/public/util";
import { t, type Key } from "../../i18n";
import { formatDate, formatDateTime } from "../../lib/format";
import { homeFor, useMe } from "../../lib/session";
import { api, errorMessage, fieldErrors } from "../../lib/trpc";

/**
 * "/me/cases": the resident's requests, complaints, suggestions and disputes — each with its
 * stepper, handler, the current step's due time, the public timeline, photos, the mediation for a
 * dispute, and after closing a one-time rating.
 */
export default function Cases() {
  useTitle(() => t("case.mine.title"));
  const me = useMe();
  return (
    <div class="narrow me-page case-page">
      <p class="crumbs">
        <A href="/me">{t("case.mine.back")}</A>
      </p>
      <Show when={!me.isPending} fallback={<Loading />}>
        <Switch>
          <Match when={me.isError}>
            <ErrorBox error={me.error} retry={() => me.refetch()} />
          </Match>
          <Match when={!me.data}>
            <h1>{t("case.mine.title")}</h1>
            <div class="card" data-testid="cases-login">
              <p>{t("case.mine.login")}</p>
              <A href={`/login?next=${encodeURIComponent("/me/cases")}`} class="btn btn-primary btn-block case-big">
                {t("case.mine.loginLink")}
              </A>
            </div>
          </Match>
          <Match when={me.data && me.data.role !== "resident" && me.data}>
            {(user) => (
              <>
                <h1>{t("case.mine.title")}</h1>
                <div class="card">
                  <p>{t("case.mine.notResident")}</p>
                  <A href={homeFor(user().role)} class="btn btn-primary">
                    {t("pub.login.toConsole")}
                  </A>
                </div>
              </>
            )}
          </Match>
          <Match when={me.data}>
            {(user) => <MyCases ask={`/${user().street?.slug ?? ""}/${user().community?.slug ?? ""}/ask`} />}
          </Match>
        </Switch>
      </Show>
    </div>
  );
}

function MyCases(props: { ask: string }) {
  const mine = createQuery(() => ({ queryKey: ["cases.mine"], queryFn: () => api.cases.mine.query() }));
  return (
    <>
      <h1>{t("case.mine.title")}</h1>
      <p>
        <A href={props.ask} class="btn btn-primary" data-testid="case-new-link">
          {t("case.mine.new")}
        </A>
      </p>
      <QueryView query={mine}>
        {(list) => (
          <Show when={list.length > 0} fallback={<div class="state state-empty">{t("case.mine.empty")}</div>}>
            <ul class="case-list">
              <For each={list}>{(c) => <CaseCard c={c} />}</For>
            </ul>
          </Show>
        )}
      </QueryView>
    </>
  );
}

function CaseCard(props: { c: MyCase }) {
  const qc = useQueryClient();
  const c = () => props.c;
  const refresh = () => qc.invalidateQueries({ queryKey: ["cases.mine"] });
  return (
    <li class="card case-card" data-testid="my-case" data-case-id={c().id} data-status={c().status}>
      <p class="head-badges">
        <span class="badge badge-info">{kindLabel(c().kind)}</span>{" "}
        <span class="badge">{categoryLabel(c().category)}</span>
      </p>
      <CaseSubjectLine subject={c().subject} />
      <p class="case-description">{c().description}</p>
      <Stepper status={c().status} dueAt={c().status === "closed" ? null : c().stageDueAt} />
      <dl class="kv">
        <dt>{t("case.filedAt")}</dt>
        <dd>{formatDateTime(c().createdAt)}</dd>
        <Show when={c().place}>
          <dt>{t("case.place")}</dt>
          <dd>{c().place}</dd>
        </Show>
        <dt>{t("case.handler")}</dt>
        <dd data-testid="case-handler">
          {c().handler ?? t("case.handlerNone")}
          <Show when={c().streetHolds}>
            {" "}
            <span class="badge badge-info">{t("case.streetHolds")}</span>
          </Show>
        </dd>
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
          <dd data-testid="case-due">{formatDateTime(c().stageDueAt)}</dd>
        </Show>
        <dt>{t("case.filed.code")}</dt>
        <dd>
          <A href={`/track/${encodeURIComponent(c().trackingCode)}`} class="mono">
            {c().trackingCode}
          </A>
        </dd>
        <Show when={c().kind === "dispute"}>
          <dt>{t("case.mediation")}</dt>
          <dd data-testid="case-mediation" data-mediation={c().mediation}>
            {t(`case.mediation.${c().mediation}` as Key)}
            <Show when={c().courtConfirmationUntil}>
              {(until) => (
                <p class="meta" data-testid="case-court">
                  {t("case.court", { date: formatDate(until()) })}
                </p>
              )}
            </Show>
          </dd>
        </Show>
      </dl>
      <Show when={c().photos.length > 0}>
        <h3>{t("case.photos")}</h3>
        <PhotoLinks photos={c().photos} />
      </Show>
      <Show when={c().status !== "closed"}>
        <AddPhotos caseId={c().id} onDone={refresh} />
      </Show>
      <Timeline events={c().events} />
      <Switch>
        <Match when={c().ratedAt && c().rating}>
          {(n) => (
            <p class="case-rated" data-testid="case-rated" data-rating={n()}>
              {t("case.rated", { stars: stars(n()), n: n() })}
            </p>
          )}
        </Match>
        <Match when={c().status === "closed"}>
          <RateForm id={c().id} onDone={refresh} />
        </Match>
      </Switch>
    </li>
  );
}

function RateForm(props: { id: string; onDone: () => Promise<unknown> }) {
  const [rating, setRating] = createSignal(0);
  const [comment, setComment] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");
  async function submit(e: Event) {
    e.preventDefault();
    if (!rating()) return setError(t("case.rate.pick"));
    setBusy(true);
    setError("");
    try {
      await api.cases.rate.mutate({ id: props.id, rating: rating(), comment: comment() });
      await props.onDone();
    } catch (err) {
      const f = fieldErrors(err);
      setError(f.comment ?? f.rating ?? errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="case-rate" data-testid="case-rate" onSubmit={submit}>
      <fieldset class="field">
        <legend>{t("case.rate.title")}</legend>
        <p class="hint">{t("case.rate.hint")}</p>
        <div class="case-stars">
          <For each={[1, 2, 3, 4, 5]}>
            {(n) => (
              <label class="case-star" classList={{ on: rating() >= n }} title={t("case.rate.stars", { n })}>
                <input
                  type="radio"
                  name={`rate-${props.id}`}
                  value={n}
                  checked={rating() === n}
                  onChange={() => setRating(n)}
                  data-testid="case-rating-option"
                  data-value={n}
                />
                <span aria-hidden="true">★</span>
                <span class="sr-only">{t("case.rate.stars", { n })}</span>
              </label>
            )}
          </For>
        </div>
      </fieldset>
      <div class="field">
        <label for={`rate-comment-${props.id}`}>{t("case.rate.comment")}</label>
        <textarea
          id={`rate-comment-${props.id}`}
          class="short"
          maxLength={500}
          value={comment()}
          onInput={(e) => setComment(e.currentTarget.value)}
          data-testid="case-rate-comment"
        />
      </div>
      <Show when={error()}>
        <p class="case-error" role="alert">
          {error()}
        </p>
      </Show>
      <button type="submit" class="btn btn-primary" disabled={busy() || !rating()} data-testid="case-rate-submit">
        {t("case.rate.submit")}
      </button>
    </form>
  );
}
