import "../../styles/cases-console.css";
import { CaseSubjectLine } from "../../components/cases/subject";
import { A, useParams } from "@solidjs/router";
import { createMutation, createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Show } from "solid-js";
import { Dynamic } from "solid-js/web";
import { MAX_ATTACHMENTS_PER_NOTICE } from "../../../shared/rules/attachments";
import { EVENT_KINDS } from "../../../shared/rules/cases";
import {
  categoryLabel,
  ColourBadge,
  eventLabel,
  kindLabel,
  mediationLabel,
  StageBadge,
} from "../../components/cases/CaseConsoleBits";
import { ConfirmDialog } from "../../components/console/Dialog";
import {
  createFormErrors,
  Field,
  fieldAria,
  FormAlert,
  note,
  SuccessNote,
  type Note,
} from "../../components/console/Field";
import { FileList, FileUpload } from "../../components/console/FileList";
import { uploadFile } from "../../components/console/upload";
import { useConsoleUser } from "../../components/console/user";
import { ErrorBox, Loading } from "../../components/States";
import { t } from "../../i18n";
import { formatDate, formatDateTime } from "../../lib/format";
import { api } from "../../lib/trpc";

type CaseData = Awaited<ReturnType<typeof api.cases.get.query>>;
type EventKind = (typeof EVENT_KINDS)[number];
type CaseEvent = CaseData["events"][number];
const MEDIATING: EventKind[] = ["mediation", "refusal", "agreement"];

/** /admin/cases/:id: one case with its stage actions, timeline and handling tools. */
export default function Case() {
  const params = useParams();
  return (
    <div class="console-page casec-page">
      <p class="back-link">
        <A href="/admin/cases">{t("casec.back")}</A>
      </p>
      <CaseDetail id={params.id ?? ""} />
    </div>
  );
}

/** An action's mutation with its own alert, success note and refresh of the case and the lists. */
function useAction(id: () => string, setDone: (n: Note | null) => void) {
  const qc = useQueryClient();
  const errors = createFormErrors();
  const m = createMutation(() => ({
    mutationFn: async (a: { run: () => Promise<unknown>; done: Note; after?: () => void }) => {
      await a.run();
      return a;
    },
    onMutate: () => {
      errors.clear();
      setDone(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async (a) => {
      a.after?.();
      setDone(a.done);
      await Promise.all([
        qc.invalidateQueries({ queryKey: ["cases.get", id()] }),
        qc.invalidateQueries({ queryKey: ["cases.board"] }),
        qc.invalidateQueries({ queryKey: ["cases.street"] }),
      ]);
    },
  }));
  return { errors, m };
}

/** The case itself; also shown inline on the street's oversight page (street roles have no /admin). */
export function CaseDetail(props: { id: string; inline?: boolean }) {
  const user = useConsoleUser();
  const query = createQuery(() => ({
    queryKey: ["cases.get", props.id],
    queryFn: () => api.cases.get.query({ id: props.id }),
  }));
  const [done, setDone] = createSignal<Note | null>(null);
  return (
    <Show when={!query.isPending} fallback={<Loading />}>
      <Show when={query.data} fallback={<ErrorBox error={query.error} retry={() => query.refetch()} />}>
        {(c) => (
          <div class="casec-case" data-testid="case-detail" data-case-id={c().id} data-status={c().status}>
            <div class="page-head">
              <Dynamic component={props.inline ? "h2" : "h1"}>
                {kindLabel(c().kind)} · {categoryLabel(c().category)}
              </Dynamic>
              <div class="adm-meta">
                <StageBadge status={c().status} />
                <ColourBadge colour={c().colour} />
                <Show when={c().escalatedAt}>
                  <span class="badge badge-bad">{c().streetHolds ? t("casec.streetHolds") : t("casec.escalated")}</span>
                </Show>
              </div>
            </div>
            <Show when={!c().canAct}>
              <p class="meta" data-testid="case-read-only">
                {t("casec.readOnly")}
              </p>
            </Show>
            <SuccessNote note={done()} />
            <div class="grid grid-2">
              <section class="card" aria-labelledby="casec-details-h">
                <h2 id="casec-details-h">{t("casec.details")}</h2>
                <CaseSubjectLine subject={c().subject} />
                <p class="pre-line casec-desc">{c().description}</p>
                <Show when={c().place}>
                  <p>
                    <strong>{t("casec.place")}：</strong>
                    {c().place}
                  </p>
                </Show>
                <p class="meta">
                  {t("casec.filedAt", { date: formatDateTime(c().createdAt) })} · {t("casec.tracking")}{" "}
                  <span class="mono">{c().trackingCode}</span>
                </p>
                <p>
                  <strong>{t("casec.contact")}：</strong>
                  <Show when={c().contact.name || c().contact.phone} fallback={t("casec.noContact")}>
                    <span data-testid="case-contact">
                      {c().contact.name} {c().contact.phone}
                    </span>
                  </Show>
                </p>
                <p class="hint">{t("casec.contactHint")}</p>
                <p class="meta">
                  {t("casec.col.assignee")}：
                  {c().handlers.find((h) => h.id === c().assigneeUserId)?.name ?? t("casec.unassigned")}
                </p>
                <Show when={c().status !== "closed"}>
                  <p class="meta">{t("casec.stageDue", { date: formatDateTime(c().stageDueAt) })}</p>
                </Show>
                <Show when={c().closedAt}>
                  <p class="meta">{t("casec.closedAt", { date: formatDateTime(c().closedAt) })}</p>
                </Show>
                <Show when={c().rating}>
                  <p class="meta">
                    {t("casec.rating", { n: c().rating ?? 0 })}
                    <Show when={c().ratingComment}> · {c().ratingComment}</Show>
                  </p>
                </Show>
                <Show when={c().kind === "dispute"}>
                  <div class="casec-mediation" data-testid="case-mediation" data-mediation={c().mediation}>
                    <h3>{t("casec.mediation")}</h3>
                    <p>{t("casec.mediationState", { state: mediationLabel(c().mediation) })}</p>
                    <Show when={c().mediation === "refused"}>
                      <p class="hint">{t("casec.refusedHint")}</p>
                    </Show>
                    <Show when={c().courtConfirmationUntil}>
                      {(until) => (
                        <p class="banner banner-warn" data-testid="case-court-until">
                          {t("casec.court", { date: formatDate(until()) })}
                        </p>
                      )}
                    </Show>
                  </div>
                </Show>
              </section>
              <div>
                <StageActions c={c()} setDone={setDone} />
                <StreetActions c={c()} street={user().role === "street_admin"} setDone={setDone} />
                <Photos c={c()} />
              </div>
            </div>
            <Timeline events={c().events} />
            <Show when={c().canAct}>
              <EventForm c={c()} setDone={setDone} />
              <div class="grid grid-2 casec-tools">
                <Show
                  when={
                    c().status !== "closed" && (user().role === "community_admin" || user().role === "community_staff")
                  }
                >
                  <ReassignForm c={c()} setDone={setDone} />
                </Show>
                <Show when={c().status !== "closed"}>
                  <ExtendForm c={c()} setDone={setDone} />
                  <Show when={!c().escalatedAt}>
                    <EscalateForm c={c()} setDone={setDone} />
                  </Show>
                </Show>
              </div>
            </Show>
          </div>
        )}
      </Show>
    </Show>
  );
}

function StageActions(props: { c: CaseData; setDone: (n: Note | null) => void }) {
  const { errors, m } = useAction(() => props.c.id, props.setDone);
  const [text, setText] = createSignal("");
  const id = props.c.id;
  const after = () => setText("");
  const verify = (ok: boolean) => {
    if (!ok && text().trim().length < 2) return errors.setFields({ note: t("casec.backNeedsNote") });
    m.mutate({
      run: () => api.cases.verify.mutate({ id, ok, note: text().trim() }),
      done: note(ok ? "casec.done.closed" : "casec.done.back"),
      after,
    });
  };
  return (
    <Show when={props.c.canAct && props.c.status !== "closed"}>
      <section class="card" aria-labelledby="casec-actions-h" data-testid="case-actions">
        <h2 id="casec-actions-h">{t("casec.actions")}</h2>
        <FormAlert errors={errors} />
        <Field
          id="casec-stage-note"
          label={props.c.status === "verify" ? t("casec.verifyNote") : t("casec.stageNote")}
          error={errors.field("note")}
        >
          <textarea
            id="casec-stage-note"
            class="short"
            maxLength={1000}
            data-testid="case-stage-note"
            value={text()}
            onInput={(e) => setText(e.currentTarget.value)}
            {...fieldAria("casec-stage-note", errors.field("note"))}
          />
        </Field>
        <div class="btn-row">
          <Show when={props.c.status === "accept"}>
            <button
              type="button"
              class="btn btn-primary"
              data-testid="case-accept"
              disabled={m.isPending}
              onClick={() =>
                m.mutate({
                  run: () => api.cases.accept.mutate({ id, note: text().trim() }),
                  done: note("casec.done.accept"),
                  after,
                })
              }
            >
              {t("casec.accept")}
            </button>
          </Show>
          <Show when={props.c.status === "handle"}>
            <button
              type="button"
              class="btn btn-primary"
              data-testid="case-handled"
              disabled={m.isPending}
              onClick={() =>
                m.mutate({
                  run: () => api.cases.handled.mutate({ id, note: text().trim() }),
                  done: note("casec.done.handled"),
                  after,
                })
              }
            >
              {t("casec.handled")}
            </button>
          </Show>
          <Show when={props.c.status === "verify"}>
            <button
              type="button"
              class="btn btn-primary"
              data-testid="case-verify-ok"
              disabled={m.isPending}
              onClick={() => verify(true)}
            >
              {t("casec.verifyOk")}
            </button>
            <button
              type="button"
              class="btn"
              data-testid="case-verify-back"
              disabled={m.isPending}
              onClick={() => verify(false)}
            >
              {t("casec.verifyBack")}
            </button>
          </Show>
        </div>
      </section>
    </Show>
  );
}

function StreetActions(props: { c: CaseData; street: boolean; setDone: (n: Note | null) => void }) {
  const { errors, m } = useAction(() => props.c.id, props.setDone);
  const [text, setText] = createSignal("");
  const [confirm, setConfirm] = createSignal<"take" | "return" | null>(null);
  const id = props.c.id;
  const ask = (what: "take" | "return") => {
    if (what === "return" && text().trim().length < 4) return errors.setFields({ note: t("casec.escalateBad") });
    errors.clear();
    setConfirm(what);
  };
  return (
    <Show when={props.street && props.c.escalatedAt && props.c.status !== "closed"}>
      <section class="card" aria-labelledby="casec-street-h" data-testid="case-street-actions">
        <h2 id="casec-street-h">{t("casec.street")}</h2>
        <p class="meta">{t("casec.escalatedOn", { date: formatDateTime(props.c.escalatedAt) })}</p>
        <FormAlert errors={errors} />
        <Field id="casec-return-note" label={t("casec.returnNote")} error={errors.field("note")}>
          <textarea
            id="casec-return-note"
            class="short"
            maxLength={1000}
            value={text()}
            onInput={(e) => setText(e.currentTarget.value)}
            {...fieldAria("casec-return-note", errors.field("note"))}
          />
        </Field>
        <div class="btn-row">
          <Show when={!props.c.streetHolds}>
            <button
              type="button"
              class="btn btn-primary"
              data-testid="case-street-take"
              disabled={m.isPending}
              onClick={() => ask("take")}
            >
              {t("casec.streetTake")}
            </button>
          </Show>
          <button
            type="button"
            class="btn"
            data-testid="case-street-return"
            disabled={m.isPending}
            onClick={() => ask("return")}
          >
            {t("casec.streetReturn")}
          </button>
        </div>
        <Show when={confirm()}>
          {(what) => (
            <ConfirmDialog
              title={what() === "take" ? t("casec.streetTake") : t("casec.streetReturn")}
              message={what() === "take" ? t("casec.takeConfirm") : t("casec.returnConfirm")}
              onCancel={() => setConfirm(null)}
              onConfirm={() => {
                const w = what();
                setConfirm(null);
                m.mutate(
                  w === "take"
                    ? { run: () => api.cases.streetTake.mutate({ id }), done: note("casec.done.take") }
                    : {
                        run: () => api.cases.streetReturn.mutate({ id, note: text().trim() }),
                        done: note("casec.done.return"),
                        after: () => setText(""),
                      },
                );
              }}
            />
          )}
        </Show>
      </section>
    </Show>
  );
}

function Photos(props: { c: CaseData }) {
  const qc = useQueryClient();
  const canUpload = () => props.c.canAct && props.c.status !== "closed";
  return (
    <section class="card" aria-labelledby="casec-photos-h">
      <h2 id="casec-photos-h">{t("casec.photos")}</h2>
      <Show when={props.c.photos.length} fallback={<p class="muted">{t("casec.noPhotos")}</p>}>
        <FileList files={props.c.photos} testid="case-photo" label={t("casec.photos")} />
      </Show>
      <Show when={canUpload()}>
        <FileUpload
          id="casec-upload"
          label={t("casec.upload")}
          hint={t("casec.uploadHint")}
          testid="case-photo-upload"
          remaining={MAX_ATTACHMENTS_PER_NOTICE - props.c.photos.length}
          upload={(file, onProgress) => uploadFile(`/files/cases/${encodeURIComponent(props.c.id)}`, file, onProgress)}
          onUploaded={() => qc.invalidateQueries({ queryKey: ["cases.get", props.c.id] })}
        />
      </Show>
    </section>
  );
}

function EventData(props: { e: CaseEvent }) {
  const d = () => (props.e.data ?? {}) as Record<string, unknown>;
  const s = (k: string) => String(d()[k] ?? "");
  return (
    <>
      <Show when={props.e.kind === "agreement" && props.e.data}>
        <ul class="casec-agreement">
          <li>{t("casec.agreementParties", { v: s("parties") })}</li>
          <li>{t("casec.agreementFacts", { v: s("facts") })}</li>
          <li>{t("casec.agreementTerms", { v: s("terms") })}</li>
          <li>{t("casec.agreementDeadline", { v: s("deadline") })}</li>
        </ul>
      </Show>
      <Show when={props.e.kind === "extended" && props.e.data}>
        <p class="meta">{t("casec.extendedData", { n: s("days"), date: formatDateTime(Number(d().dueAt)) })}</p>
      </Show>
    </>
  );
}

function Timeline(props: { events: CaseEvent[] }) {
  return (
    <section class="card" aria-labelledby="casec-timeline-h">
      <h2 id="casec-timeline-h">{t("casec.timeline")}</h2>
      <p class="hint">{t("casec.privateHint")}</p>
      <Show when={props.events.length} fallback={<p class="muted">{t("casec.noEvents")}</p>}>
        <ol class="reg-timeline casec-timeline" data-testid="case-timeline">
          <For each={props.events}>
            {(e) => (
              <li
                data-testid="case-event"
                data-kind={e.kind}
                data-private={e.private ? "true" : "false"}
                classList={{ "casec-private": !!e.private }}
              >
                <div class="reg-timeline-head">
                  <strong>{eventLabel(e.kind)}</strong>
                  <Show when={e.private}>
                    <span class="badge badge-warn">{t("casec.private")}</span>
                  </Show>
                  <span class="meta">
                    {e.actorName} · {formatDateTime(e.at)}
                  </span>
                </div>
                <Show when={e.note}>
                  <p class="pre-line">{e.note}</p>
                </Show>
                <EventData e={e} />
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}

function EventForm(props: { c: CaseData; setDone: (n: Note | null) => void }) {
  const { errors, m } = useAction(() => props.c.id, props.setDone);
  const kinds = () =>
    EVENT_KINDS.filter((k) => {
      if (props.c.status === "closed") return k === "comment" || k === "followup";
      if (MEDIATING.includes(k)) return props.c.kind === "dispute" && props.c.mediation !== "refused";
      return true;
    });
  const [kind, setKind] = createSignal<EventKind>("comment");
  const [text, setText] = createSignal("");
  const [priv, setPriv] = createSignal(false);
  const [ag, setAg] = createSignal({ parties: "", facts: "", terms: "", deadline: "" });
  const current = () => (kinds().includes(kind()) ? kind() : "comment");
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (text().trim().length < 2) problems.note = t("casec.noteShort");
    const a = ag();
    const agreement =
      current() === "agreement"
        ? { parties: a.parties.trim(), facts: a.facts.trim(), terms: a.terms.trim(), deadline: a.deadline.trim() }
        : undefined;
    if (agreement && Object.values(agreement).some((v) => v.length < 2)) problems.agreement = t("casec.agreementShort");
    if (Object.keys(problems).length) return errors.setFields(problems);
    m.mutate({
      run: () =>
        api.cases.addEvent.mutate({ id: props.c.id, kind: current(), note: text().trim(), private: priv(), agreement }),
      done: note("casec.done.event"),
      after: () => {
        setText("");
        setPriv(false);
        setAg({ parties: "", facts: "", terms: "", deadline: "" });
      },
    });
  };
  const agField = (key: "parties" | "facts" | "terms" | "deadline", long = false) => (
    <Field id={`casec-ag-${key}`} label={t(`casec.${key}`)}>
      {long ? (
        <textarea
          id={`casec-ag-${key}`}
          class="short"
          maxLength={2000}
          data-testid={`case-agreement-${key}`}
          value={ag()[key]}
          onInput={(e) => setAg({ ...ag(), [key]: e.currentTarget.value })}
        />
      ) : (
        <input
          id={`casec-ag-${key}`}
          maxLength={key === "deadline" ? 100 : 500}
          data-testid={`case-agreement-${key}`}
          value={ag()[key]}
          onInput={(e) => setAg({ ...ag(), [key]: e.currentTarget.value })}
        />
      )}
    </Field>
  );
  return (
    <form class="card form" novalidate onSubmit={submit} data-testid="case-event-form" aria-labelledby="casec-ev-h">
      <h2 id="casec-ev-h">{t("casec.addEvent")}</h2>
      <FormAlert errors={errors} />
      <Field id="casec-ev-kind" label={t("casec.eventKind")} error={errors.field("kind")}>
        <select
          id="casec-ev-kind"
          data-testid="case-event-kind"
          onChange={(e) => setKind(e.currentTarget.value as EventKind)}
          {...fieldAria("casec-ev-kind", errors.field("kind"))}
        >
          <For each={kinds()}>
            {(k) => (
              <option value={k} selected={k === current()}>
                {eventLabel(k)}
                {MEDIATING.includes(k) ? t("casec.disputeOnly") : ""}
              </option>
            )}
          </For>
        </select>
      </Field>
      <Field id="casec-ev-note" label={t("casec.eventNote")} error={errors.field("note")}>
        <textarea
          id="casec-ev-note"
          class="short"
          maxLength={2000}
          data-testid="case-event-note"
          value={text()}
          onInput={(e) => setText(e.currentTarget.value)}
          {...fieldAria("casec-ev-note", errors.field("note"))}
        />
      </Field>
      <Show when={current() === "agreement"}>
        <fieldset class="casec-inline-form" data-testid="case-agreement">
          <legend>{t("casec.agreement")}</legend>
          <p class="hint">{t("casec.agreementHint")}</p>
          <Show when={errors.field("agreement")}>
            <div class="error">{errors.field("agreement")}</div>
          </Show>
          {agField("parties")}
          {agField("facts", true)}
          {agField("terms", true)}
          {agField("deadline")}
        </fieldset>
      </Show>
      <label class="casec-check">
        <input
          type="checkbox"
          data-testid="case-event-private"
          checked={priv()}
          onChange={(e) => setPriv(e.currentTarget.checked)}
        />{" "}
        {t("casec.eventPrivate")}
      </label>
      <div class="btn-row">
        <button type="submit" class="btn btn-primary" data-testid="case-event-save" disabled={m.isPending}>
          {t("casec.save")}
        </button>
      </div>
    </form>
  );
}

function ReassignForm(props: { c: CaseData; setDone: (n: Note | null) => void }) {
  const { errors, m } = useAction(() => props.c.id, props.setDone);
  const [to, setTo] = createSignal(props.c.assigneeUserId ?? "");
  return (
    <form
      class="card form"
      novalidate
      aria-labelledby="casec-reassign-h"
      onSubmit={(e) => {
        e.preventDefault();
        if (!to()) return;
        m.mutate({
          run: () => api.cases.reassign.mutate({ id: props.c.id, assigneeUserId: to() }),
          done: note("casec.done.reassign"),
        });
      }}
    >
      <h2 id="casec-reassign-h">{t("casec.reassign")}</h2>
      <FormAlert errors={errors} />
      <Field id="casec-reassign" label={t("casec.reassignTo")} error={errors.field("assigneeUserId")}>
        <select
          id="casec-reassign"
          data-testid="case-reassign"
          onChange={(e) => setTo(e.currentTarget.value)}
          {...fieldAria("casec-reassign", errors.field("assigneeUserId"))}
        >
          <option value="">—</option>
          <For each={props.c.handlers}>
            {(h) => (
              <option value={h.id} selected={h.id === to()}>
                {h.name}
              </option>
            )}
          </For>
        </select>
      </Field>
      <button
        type="submit"
        class="btn"
        data-testid="case-reassign-save"
        disabled={m.isPending || !to() || to() === props.c.assigneeUserId}
      >
        {t("casec.reassignBtn")}
      </button>
    </form>
  );
}

function ExtendForm(props: { c: CaseData; setDone: (n: Note | null) => void }) {
  const { errors, m } = useAction(() => props.c.id, props.setDone);
  const [days, setDays] = createSignal("3");
  const [reason, setReason] = createSignal("");
  const [asking, setAsking] = createSignal(false);
  return (
    <section class="card" aria-labelledby="casec-extend-h">
      <h2 id="casec-extend-h">{t("casec.extend")}</h2>
      <Show
        when={!props.c.extendedAt}
        fallback={
          <p class="meta" data-testid="case-extended">
            {t("casec.extendedOn", { date: formatDateTime(props.c.extendedAt) })}
            <Show when={props.c.extendReason}> · {props.c.extendReason}</Show>
          </p>
        }
      >
        <form
          class="form"
          novalidate
          onSubmit={(e) => {
            e.preventDefault();
            const n = Number(days());
            if (!Number.isInteger(n) || n < 1 || n > 30 || reason().trim().length < 4)
              return errors.setFields({ reason: t("casec.extendBad") });
            errors.clear();
            setAsking(true);
          }}
        >
          <FormAlert errors={errors} />
          <Field id="casec-extend-days" label={t("casec.extendDays")} error={errors.field("days")}>
            <input
              id="casec-extend-days"
              type="number"
              inputmode="numeric"
              min={1}
              max={30}
              data-testid="case-extend-days"
              value={days()}
              onInput={(e) => setDays(e.currentTarget.value)}
            />
          </Field>
          <Field id="casec-extend-reason" label={t("casec.extendReason")} error={errors.field("reason")}>
            <textarea
              id="casec-extend-reason"
              class="short"
              maxLength={500}
              data-testid="case-extend-reason"
              value={reason()}
              onInput={(e) => setReason(e.currentTarget.value)}
              {...fieldAria("casec-extend-reason", errors.field("reason"))}
            />
          </Field>
          <button type="submit" class="btn" data-testid="case-extend" disabled={m.isPending}>
            {t("casec.extendBtn")}
          </button>
        </form>
        <Show when={asking()}>
          <ConfirmDialog
            title={t("casec.extendBtn")}
            message={t("casec.extendConfirm", { n: days() })}
            onCancel={() => setAsking(false)}
            onConfirm={() => {
              setAsking(false);
              m.mutate({
                run: () => api.cases.extend.mutate({ id: props.c.id, days: Number(days()), reason: reason().trim() }),
                done: note("casec.done.extend"),
              });
            }}
          />
        </Show>
      </Show>
    </section>
  );
}

function EscalateForm(props: { c: CaseData; setDone: (n: Note | null) => void }) {
  const { errors, m } = useAction(() => props.c.id, props.setDone);
  const [text, setText] = createSignal("");
  const [asking, setAsking] = createSignal(false);
  return (
    <form
      class="card form"
      novalidate
      aria-labelledby="casec-escalate-h"
      onSubmit={(e) => {
        e.preventDefault();
        if (text().trim().length < 4) return errors.setFields({ note: t("casec.escalateBad") });
        errors.clear();
        setAsking(true);
      }}
    >
      <h2 id="casec-escalate-h">{t("casec.escalate")}</h2>
      <FormAlert errors={errors} />
      <Field id="casec-escalate-note" label={t("casec.escalateNote")} error={errors.field("note")}>
        <textarea
          id="casec-escalate-note"
          class="short"
          maxLength={1000}
          data-testid="case-escalate-note"
          value={text()}
          onInput={(e) => setText(e.currentTarget.value)}
          {...fieldAria("casec-escalate-note", errors.field("note"))}
        />
      </Field>
      <button type="submit" class="btn btn-danger" data-testid="case-escalate" disabled={m.isPending}>
        {t("casec.escalateBtn")}
      </button>
      <Show when={asking()}>
        <ConfirmDialog
          title={t("casec.escalateBtn")}
          message={t("casec.escalateConfirm")}
          danger
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            m.mutate({
              run: () => api.cases.escalate.mutate({ id: props.c.id, note: text().trim() }),
              done: note("casec.done.escalate"),
              after: () => setText(""),
            });
          }}
        />
      </Show>
    </form>
  );
}
