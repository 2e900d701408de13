import "../../styles/monitor.css";
import { A } from "@solidjs/router";
import { createMutation, createQuery, useQueryClient } from "@tanstack/solid-query";
import { createMemo, createSignal, For, Show } from "solid-js";
import { categoryLabel, kindLabel } from "../../components/cases/CaseConsoleBits";
import { Dialog } from "../../components/console/Dialog";
import { createFormErrors, Field, FormAlert, note, SuccessNote, type Note } from "../../components/console/Field";
import { useConsoleUser } from "../../components/console/user";
import { drillPath } from "../../components/monitor/common";
import { Empty, ErrorBox, Loading } from "../../components/States";
import { lang, t, type Key } from "../../i18n";
import { formatDate, formatDateTime } from "../../lib/format";
import { periodLabel } from "../../lib/period";
import { api } from "../../lib/trpc";

type Alert = Awaited<ReturnType<typeof api.monitor.alerts.query>>[number];
type Kind = Alert["kind"];
type GroupBy = "kind" | "community";

const KINDS: Kind[] = [
  "case_escalated",
  "disclosure_disputed",
  "disclosure_complaint",
  "queries_overdue",
  "petition_reached",
  "meeting_missed",
];
const kindName = (k: Kind) => t(`mon.al.kind.${k}` as Key);

/** The alert as a sentence, from its detail. */
function sentence(a: Alert): string {
  const d = a.detail;
  const s = (v: unknown) => String(v ?? "");
  switch (a.kind) {
    case "disclosure_disputed":
      return t("mon.al.text.disclosure_disputed", {
        period: periodLabel(s(d.period), lang()),
        disclosure: t(d.disclosure === "general" ? "mon.al.disc.general" : "mon.al.disc.finance"),
        daysLate: s(d.daysLate),
        complaints: s(d.complaints),
        queries: s(d.queries),
      });
    case "disclosure_complaint": {
      const about =
        d.subject === "notice"
          ? t("mon.al.about.notice", { title: s(d.title) })
          : d.subject === "period"
            ? t("mon.al.about.period", { period: periodLabel(s(d.period), lang()) })
            : t("mon.al.about.none");
      return t("mon.al.text.disclosure_complaint", { about, description: s(d.description) });
    }
    case "queries_overdue":
      return t("mon.al.text.queries_overdue", { count: s(d.count) });
    case "case_escalated":
      return t("mon.al.text.case_escalated", {
        kind: kindLabel(s(d.caseKind)),
        category: categoryLabel(s(d.category)),
        description: s(d.description),
      });
    case "petition_reached":
      return t("mon.al.text.petition_reached", { title: s(d.title) });
    case "meeting_missed":
      return t("mon.al.text.meeting_missed", {
        meeting: t(`mtg.kind.${s(d.meetingKind)}` as Key),
        n: s(d.everyMonths),
        last: d.lastHeldAt ? t("mon.al.lastHeld", { date: formatDate(Number(d.lastHeldAt)) }) : t("mon.al.neverHeld"),
      });
  }
}

/** Where the street office acts on the alert. */
function actionPath(a: Alert): string {
  switch (a.kind) {
    case "disclosure_disputed":
      return `${drillPath(a.communityId)}#overdue`;
    case "disclosure_complaint":
      return `/street/cases?case=${encodeURIComponent(String(a.detail.caseId))}`;
    case "queries_overdue":
      return `${drillPath(a.communityId)}#queries`;
    case "case_escalated":
      return "/street/cases";
    case "petition_reached":
      return "/street/communities";
    case "meeting_missed":
      return `${drillPath(a.communityId)}#required`;
  }
}

/**
 * /street/alerts: what needs the street office's action now, grouped by kind or community; a
 * street admin acknowledges an alert (with an optional note), which moves it to the acknowledged list.
 */
export default function Alerts() {
  const user = useConsoleUser();
  const canAck = () => user().role === "street_admin";
  const query = createQuery(() => ({ queryKey: ["monitor.alerts"], queryFn: () => api.monitor.alerts.query() }));
  const [groupBy, setGroupBy] = createSignal<GroupBy>("kind");
  const [acking, setAcking] = createSignal<Alert | null>(null);
  const [done, setDone] = createSignal<Note | null>(null);
  const open = () => (query.data ?? []).filter((a) => !a.ack);
  const acked = () => (query.data ?? []).filter((a) => a.ack).sort((a, b) => b.ack!.at - a.ack!.at);
  const groups = createMemo(() => {
    const list = open();
    if (groupBy() === "kind")
      return KINDS.map((k) => ({ key: k, title: kindName(k), items: list.filter((a) => a.kind === k) })).filter(
        (g) => g.items.length,
      );
    const names = [...new Set(list.map((a) => a.communityName))].sort((a, b) => a.localeCompare(b, "zh-CN"));
    return names.map((n) => ({ key: n, title: n, items: list.filter((a) => a.communityName === n) }));
  });
  return (
    <div class="console-page mon-page">
      <h1>{t("mon.al.title")}</h1>
      <p class="muted">{t("mon.al.intro")}</p>
      <Show when={!canAck()}>
        <p class="banner banner-info">{t("mon.al.readOnly")}</p>
      </Show>
      <SuccessNote note={done()} />
      <Show when={!query.isPending} fallback={<Loading />}>
        <Show when={query.data} fallback={<ErrorBox error={query.error} retry={() => query.refetch()} />}>
          {(all) => (
            <Show when={all().length} fallback={<Empty>{t("mon.al.empty")}</Empty>}>
              <div class="page-head">
                <p class={`banner ${open().length ? "banner-bad" : "banner-ok"}`} data-testid="alerts-summary">
                  {open().length ? t("mon.al.openCount", { n: open().length }) : t("mon.al.allAcked")}
                </p>
                <div class="tabs" role="group" aria-label={t("mon.al.group")}>
                  <For each={["kind", "community"] as GroupBy[]}>
                    {(g) => (
                      <button
                        type="button"
                        class="tab"
                        aria-pressed={groupBy() === g}
                        data-group={g}
                        onClick={() => setGroupBy(g)}
                      >
                        {t(g === "kind" ? "mon.al.byKind" : "mon.al.byCommunity")}
                      </button>
                    )}
                  </For>
                </div>
              </div>
              <For each={groups()}>
                {(g) => (
                  <section aria-labelledby={`mon-al-${g.key}`}>
                    <h2 class="mon-group-h" id={`mon-al-${g.key}`}>
                      {g.title} <span class="muted">({g.items.length})</span>
                    </h2>
                    <ul class="mon-alerts">
                      <For each={g.items}>
                        {(a) => (
                          <AlertItem
                            alert={a}
                            showKind={groupBy() === "community"}
                            canAck={canAck()}
                            onAck={() => {
                              setDone(null);
                              setAcking(a);
                            }}
                          />
                        )}
                      </For>
                    </ul>
                  </section>
                )}
              </For>
              <Show when={acked().length}>
                <details class="card mon-acked" data-testid="alerts-acked">
                  <summary>{t("mon.al.ackedCount", { n: acked().length })}</summary>
                  <ul class="mon-alerts">
                    <For each={acked()}>{(a) => <AlertItem alert={a} showKind canAck={false} />}</For>
                  </ul>
                </details>
              </Show>
            </Show>
          )}
        </Show>
      </Show>
      <Show when={acking()} keyed>
        {(a) => (
          <AckDialog
            alert={a}
            onClose={() => setAcking(null)}
            onDone={() => {
              setAcking(null);
              setDone(note("mon.al.ackDone"));
            }}
          />
        )}
      </Show>
    </div>
  );
}

function AlertItem(props: { alert: Alert; showKind: boolean; canAck: boolean; onAck?: () => void }) {
  const a = () => props.alert;
  return (
    <li
      class="card mon-alert"
      classList={{ "is-acked": !!a().ack }}
      data-testid="alert"
      data-kind={a().kind}
      data-community={a().communitySlug}
      data-key={a().key}
    >
      <div class="mon-alert-head">
        <Show when={props.showKind}>
          <span class="badge badge-bad">{kindName(a().kind)}</span>
        </Show>
        <h3>
          <A href={drillPath(a().communityId)}>{a().communityName}</A>
        </h3>
        <span class="meta">{t("mon.al.since", { date: formatDate(a().since) })}</span>
      </div>
      <p>{sentence(a())}</p>
      <Show when={a().ack}>
        {(ack) => (
          <p class="meta" data-testid="alert-ack">
            <span class="badge badge-ok">{t("mon.al.acked")}</span>{" "}
            {t("mon.al.ackedBy", { name: ack().userName, at: formatDateTime(ack().at) })}
            <Show when={ack().note}>
              <span class="pre-line">：{ack().note}</span>
            </Show>
          </p>
        )}
      </Show>
      <div class="btn-row">
        <A href={actionPath(a())}>{t(`mon.al.act.${a().kind}` as Key)}</A>
        <Show when={props.canAck && !a().ack}>
          <button
            type="button"
            class="btn btn-small"
            data-action="ack"
            aria-haspopup="dialog"
            onClick={() => props.onAck?.()}
          >
            {t("mon.al.ack")}
          </button>
        </Show>
      </div>
    </li>
  );
}

function AckDialog(props: { alert: Alert; onClose: () => void; onDone: () => void }) {
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [text, setText] = createSignal("");
  const ack = createMutation(() => ({
    mutationFn: () => api.monitor.acknowledge.mutate({ key: props.alert.key, note: text().trim() }),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => {
      errors.set(err);
      // The alert may be gone or acknowledged by someone else: show the list as it is now.
      void qc.invalidateQueries({ queryKey: ["monitor.alerts"] });
    },
    onSuccess: async () => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: ["monitor.alerts"] }),
        qc.invalidateQueries({ queryKey: ["audit.list"] }),
      ]);
      props.onDone();
    },
  }));
  return (
    <Dialog title={t("mon.al.ackTitle")} onClose={props.onClose}>
      <form
        class="form"
        novalidate
        onSubmit={(e) => {
          e.preventDefault();
          ack.mutate();
        }}
      >
        <p>
          <strong>{props.alert.communityName}</strong> · {kindName(props.alert.kind)}
        </p>
        <p class="dialog-message">{sentence(props.alert)}</p>
        <FormAlert errors={errors} />
        <Field
          id="mon-ack-note"
          label={t("mon.al.ackNote")}
          hint={t("mon.al.ackNoteHint")}
          error={errors.field("note")}
        >
          <textarea
            id="mon-ack-note"
            name="note"
            maxLength={500}
            rows={3}
            class="mon-note"
            value={text()}
            onInput={(e) => setText(e.currentTarget.value)}
            aria-describedby="mon-ack-note-hint"
          />
        </Field>
        <div class="btn-row dialog-actions">
          <button type="button" class="btn" onClick={props.onClose}>
            {t("action.cancel")}
          </button>
          <button
            type="submit"
            class="btn btn-primary"
            data-testid="ack-confirm"
            disabled={ack.isPending}
            aria-busy={ack.isPending ? "true" : undefined}
          >
            {t("mon.al.ackSubmit")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
