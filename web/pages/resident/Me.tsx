import { A, useSearchParams } from "@solidjs/router";
import { createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { Loading, QueryView } from "../../components/States";
import { noticePath, useTitle } from "../../components/public/util";
import { t, type Key } from "../../i18n";
import { formatDate, formatDateTime } from "../../lib/format";
import { homeFor, useMe } from "../../lib/session";
import { api, errorMessage, fieldErrors } from "../../lib/trpc";
import { answerDueAt, isOverdue } from "../../../shared/rules/objections";

/** "/me": a resident's own page — their registry data, what they read and asked, PIPL access. */
export default function Me() {
  useTitle(() => t("res.me.title"));
  const me = useMe();
  return (
    <div class="narrow me-page">
      <Show when={!me.isPending} fallback={<Loading />}>
        <Switch>
          <Match when={!me.data}>
            <h1>{t("res.me.title")}</h1>
            <div class="card">
              <p>{t("res.me.loginFirst")}</p>
              <A href="/login?next=/me" class="btn btn-primary">
                {t("nav.login")}
              </A>
            </div>
          </Match>
          <Match when={me.data && me.data.role !== "resident" && me.data}>
            {(user) => (
              <>
                <h1>{t("res.me.title")}</h1>
                <div class="card">
                  <p>{t("res.me.notResident")}</p>
                  <A href={homeFor(user().role)} class="btn btn-primary">
                    {t("pub.login.toConsole")}
                  </A>
                </div>
              </>
            )}
          </Match>
          <Match when={me.data?.role === "resident"}>
            <ResidentHome />
          </Match>
        </Switch>
      </Show>
    </div>
  );
}

function ResidentHome() {
  const [search] = useSearchParams<{ welcome?: string }>();
  const qc = useQueryClient();
  const profile = createQuery(() => ({ queryKey: ["me.profile"], queryFn: () => api.me.profile.query() }));
  const acks = createQuery(() => ({
    queryKey: ["me.acknowledgements"],
    queryFn: () => api.me.acknowledgements.query(),
  }));
  const objections = createQuery(() => ({ queryKey: ["me.objections"], queryFn: () => api.me.objections.query() }));

  return (
    <QueryView query={profile}>
      {(p) => {
        const village = () => p.community.kind === "village";
        const link = (noticeId: string) => noticePath(p.community.street, p.community.slug, noticeId);
        const roles = () =>
          [
            p.isHouseholdRep ? t("res.me.householdRep") : "",
            p.isRepresentative ? t(village() ? "res.me.representativeVillage" : "res.me.representative") : "",
          ].filter(Boolean);
        return (
          <>
            <Show when={search.welcome}>
              <p class="banner banner-ok" role="status" data-testid="welcome">
                {t("res.activate.welcome")}
              </p>
            </Show>

            <section class="card" aria-labelledby="me-h">
              <h1 id="me-h">{p.name}</h1>
              <dl class="kv" data-testid="my-profile">
                <dt>{t("res.me.community")}</dt>
                <dd>
                  <A href={`/${p.community.street}/${p.community.slug}`}>{p.community.name}</A>
                </dd>
                <dt>{t("res.me.address")}</dt>
                <dd>{p.address ?? t("res.me.none")}</dd>
                <dt>{t(village() ? "res.me.groupVillage" : "res.me.group")}</dt>
                <dd>{p.groupName ?? t("res.me.none")}</dd>
                <dt>{t("res.me.grid")}</dt>
                <dd>
                  {p.gridName ?? t("res.me.none")}
                  <Show when={p.gridWorkerName}>
                    <div>{t("res.me.gridWorker", { name: p.gridWorkerName! })}</div>
                  </Show>
                  <Show when={p.gridWorkPhone}>
                    {(phone) => (
                      <a class="btn tel-link" href={`tel:${phone().replace(/[^\d+]/g, "")}`}>
                        {t("res.grids.call", { phone: phone() })}
                      </a>
                    )}
                  </Show>
                </dd>
                <Show when={roles().length > 0}>
                  <dt>{t("res.me.roles")}</dt>
                  <dd>
                    <For each={roles()}>{(r) => <span class="badge badge-info">{r}</span>}</For>
                  </dd>
                </Show>
                <dt>{t("res.me.phone")}</dt>
                <dd class="mono">{p.phone || t("res.me.none")}</dd>
              </dl>
              <div class="btn-row">
                <A href="/account" class="btn">
                  {t("res.me.changePassword")}
                </A>
                <A href={`/${p.community.street}/${p.community.slug}/grids`} class="btn">
                  {t("res.grids.link")}
                </A>
              </div>
            </section>

            <A href="/me/votes" class="card card-link" data-testid="my-votes-link">
              <strong>{t("pub.home.myVotes")} →</strong>
              <span class="meta">{t("pub.home.myVotesHint")}</span>
            </A>

            <A href="/me/volunteer" class="card card-link" data-testid="my-volunteer-link">
              <strong>{t("pub.home.volunteer")} →</strong>
              <span class="meta">{t("pub.home.volunteerHint")}</span>
            </A>

            <A href="/me/cases" class="card card-link" data-testid="my-cases-link">
              <strong>{t("pub.home.myCases")} →</strong>
              <span class="meta">{t("pub.home.myCasesHint")}</span>
            </A>

            <section class="card" aria-labelledby="read-h">
              <h2 id="read-h">{t("res.me.read")}</h2>
              <QueryView query={acks}>
                {(list) => (
                  <Show when={list.length > 0} fallback={<p class="muted">{t("res.me.readNone")}</p>}>
                    <ul class="list" data-testid="my-reads">
                      <For each={list}>
                        {(a) => (
                          <li>
                            <A href={link(a.noticeId)} class="notice-title">
                              {a.title}
                            </A>
                            <div class="meta">{t("res.ack.done", { at: formatDateTime(a.at) })}</div>
                          </li>
                        )}
                      </For>
                    </ul>
                  </Show>
                )}
              </QueryView>
            </section>

            <section class="card" aria-labelledby="asked-h">
              <h2 id="asked-h">{t("res.me.asked")}</h2>
              <QueryView query={objections}>
                {(list) => (
                  <Show when={list.length > 0} fallback={<p class="muted">{t("res.me.askedNone")}</p>}>
                    <ul class="list" data-testid="my-objections">
                      <For each={list}>
                        {(q) => (
                          <li>
                            <A href={link(q.noticeId)} class="notice-title">
                              {q.title}
                            </A>
                            <p>
                              <span class="badge badge-muted">{t(`res.kind.${q.kind}`)}</span>{" "}
                              <span class="pre-line">{q.text}</span>
                            </p>
                            <p class="meta">{t("res.askedAt", { at: formatDateTime(q.createdAt) })}</p>
                            <Show
                              when={q.answer}
                              fallback={
                                <p>
                                  <span class={`badge ${isOverdue(q, Date.now()) ? "badge-bad" : "badge-warn"}`}>
                                    {t("res.waiting", { due: formatDate(answerDueAt(q.createdAt)) })}
                                  </span>{" "}
                                  <Show when={isOverdue(q, Date.now())}>
                                    <span class="meta">{t("res.overdue")}</span>
                                  </Show>
                                </p>
                              }
                            >
                              <p class="pre-line">
                                <strong>{t("res.answer")}</strong>
                                {q.answer}
                              </p>
                              <p class="meta">
                                {t("res.answeredAt", { at: formatDateTime(q.answeredAt) })}
                                <Show when={q.published}>
                                  {" "}
                                  <span class="badge badge-info">{t("res.published")}</span>
                                </Show>
                              </p>
                            </Show>
                          </li>
                        )}
                      </For>
                    </ul>
                  </Show>
                )}
              </QueryView>
            </section>

            <CorrectionSection
              corrections={p.corrections}
              onSent={() => qc.invalidateQueries({ queryKey: ["me.profile"] })}
            />

            <section class="card" aria-labelledby="history-h">
              <h2 id="history-h">{t("res.me.history")}</h2>
              <Show when={p.history.length > 0} fallback={<p class="muted">{t("res.me.historyNone")}</p>}>
                <ul class="list">
                  <For each={p.history}>
                    {(h) => (
                      <li>
                        <div>{historyText(h.kind, h.detail, village())}</div>
                        <div class="meta">{formatDateTime(h.at)}</div>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </section>

            <ExportSection />
          </>
        );
      }}
    </QueryView>
  );
}

type Correction = {
  id: string;
  text: string;
  createdAt: number;
  status: "open" | "done" | "rejected";
  response: string | null;
  handledAt: number | null;
};

function CorrectionSection(props: { corrections: Correction[]; onSent: () => unknown }) {
  const [text, setText] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");
  const [sent, setSent] = createSignal(false);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy()) return;
    setBusy(true);
    setError("");
    setSent(false);
    try {
      await api.me.requestCorrection.mutate({ text: text().trim() });
      setText("");
      setSent(true);
      await props.onSent();
    } catch (err) {
      setError(fieldErrors(err).text ?? errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const badge = { open: "badge-warn", done: "badge-ok", rejected: "badge-muted" } as const;
  return (
    <section class="card" aria-labelledby="correct-h">
      <h2 id="correct-h">{t("res.me.correct")}</h2>
      <form class="form" onSubmit={submit} novalidate>
        <p class="hint">{t("res.me.correctHint")}</p>
        <div class="field">
          <label for="correct-text">{t("res.me.correctText")}</label>
          <textarea
            id="correct-text"
            name="text"
            class="short"
            required
            maxLength={2000}
            value={text()}
            onInput={(e) => setText(e.currentTarget.value)}
            aria-invalid={error() ? "true" : undefined}
            aria-describedby="correct-text-error"
          />
          <span class="error" id="correct-text-error" role="alert">
            {error()}
          </span>
        </div>
        <Show when={sent()}>
          <p class="banner banner-info" role="status">
            {t("res.me.correctSent")}
          </p>
        </Show>
        <div>
          <button type="submit" class="btn btn-primary" disabled={busy() || text().trim().length < 2}>
            {t("res.me.correctSubmit")}
          </button>
        </div>
      </form>
      <Show when={props.corrections.length > 0}>
        <h3>{t("res.me.corrections")}</h3>
        <ul class="list" data-testid="my-corrections">
          <For each={props.corrections}>
            {(c) => (
              <li>
                <p>
                  <span class={`badge ${badge[c.status]}`}>{t(`res.corr.${c.status}`)}</span>{" "}
                  <span class="pre-line">{c.text}</span>
                </p>
                <p class="meta">{formatDateTime(c.createdAt)}</p>
                <Show when={c.response}>
                  <p class="pre-line">
                    <strong>{t("res.answer")}</strong>
                    {c.response}
                  </p>
                  <p class="meta">{t("res.answeredAt", { at: formatDateTime(c.handledAt) })}</p>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}

function ExportSection() {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");
  const download = async () => {
    if (busy()) return;
    setBusy(true);
    setError("");
    try {
      const data = await api.me.export.query();
      // The file is named by the day in China, whatever the phone's clock zone.
      const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = `linli-my-data-${day}.json`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="export-h">
      <h2 id="export-h">{t("res.me.export")}</h2>
      <p class="meta">{t("res.me.exportHint")}</p>
      <button type="button" class="btn" disabled={busy()} onClick={download}>
        {busy() ? t("state.loading") : t("res.me.export")}
      </button>
      <p class="error" role="alert">
        {error()}
      </p>
    </section>
  );
}

const FIELD_KEYS: Record<string, Key> = {
  name: "res.field.name",
  birthDate: "res.field.birthDate",
  phone: "res.me.phone",
  groupId: "res.me.group",
};

/** One line of the record's history, from its kind and detail (household ids are not shown). */
function historyText(kind: string, detail: Record<string, unknown>, village: boolean): string {
  switch (kind) {
    case "created":
      return t("res.hist.created");
    case "moved":
      return t("res.hist.moved");
    case "moved_out":
      return t("res.hist.moved_out", { on: String(detail.on ?? "") });
    case "updated": {
      const fields = Array.isArray(detail.fields) ? (detail.fields as string[]) : [];
      const names = fields.map((f) => (FIELD_KEYS[f] ? t(FIELD_KEYS[f]) : f));
      return t("res.hist.updated", { fields: names.join("、") });
    }
    case "role": {
      const [flag, on] = Object.entries(detail)[0] ?? [];
      const role =
        flag === "isHouseholdRep"
          ? t("res.me.householdRep")
          : t(village ? "res.me.representativeVillage" : "res.me.representative");
      return t(on ? "res.hist.roleOn" : "res.hist.roleOff", { role });
    }
    default:
      return kind;
  }
}
