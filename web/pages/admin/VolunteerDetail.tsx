import "../../styles/volunteers-console.css";
import { A, useParams } from "@solidjs/router";
import { createMutation, createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Show } from "solid-js";
import { GUARDIAN_AGE } from "../../../shared/rules/volunteers";
import {
  createFormErrors,
  Field,
  fieldAria,
  FormAlert,
  note,
  SuccessNote,
  type Note,
} from "../../components/console/Field";
import { isWriter, useConsoleUser } from "../../components/console/user";
import { ErrorBox, Loading } from "../../components/States";
import {
  AdjustDialog,
  bjDate,
  clockOn,
  CountedMinutes,
  FlagBadge,
  hoursFigure,
  minutesText,
  shiftClock,
  todayBj,
  VolunteerSubNav,
  type AdjustTarget,
} from "../../components/volunteers/VolunteerConsoleBits";
import { t, type Key } from "../../i18n";
import { formatDate } from "../../lib/format";
import { api } from "../../lib/trpc";
import { GuardianDialog, InsuranceDialog, VolunteerStatusBadge } from "./Volunteers";

type Record_ = Awaited<ReturnType<typeof api.volunteers.volunteerRecord.query>>;
type Service = Record_["services"][number];
type Profile = Awaited<ReturnType<typeof api.volunteers.volunteerRecord.query>>["profile"];
const RECORD_KINDS = ["training", "award", "evaluation"] as const;
type RecordKind = (typeof RECORD_KINDS)[number];

/** /admin/volunteers/people/:id: one volunteer's service record (志愿服务记录). */
export default function VolunteerDetail() {
  const params = useParams<{ id: string }>();
  const record = createQuery(() => ({
    queryKey: ["volunteers.volunteerRecord", params.id],
    queryFn: () => api.volunteers.volunteerRecord.query({ volunteerId: params.id }),
  }));
  return (
    <div class="console-page volc-page">
      <VolunteerSubNav />
      <p class="back-link">
        <A href="/admin/volunteers/people">← {t("volc.detail.back")}</A>
      </p>
      <Show when={!record.isPending} fallback={<Loading />}>
        <Show when={record.data} fallback={<ErrorBox error={record.error} retry={() => record.refetch()} />}>
          {(r) => <Detail id={params.id} r={r()} profile={r().profile} profileError={false} />}
        </Show>
      </Show>
    </div>
  );
}

function Detail(props: { id: string; r: Record_; profile: Profile | null; profileError: boolean }) {
  const user = useConsoleUser();
  const writer = () => isWriter(user().role);
  const qc = useQueryClient();
  const [done, setDone] = createSignal<Note | null>(null);
  const [adjusting, setAdjusting] = createSignal<AdjustTarget | null>(null);
  const [insuring, setInsuring] = createSignal(false);
  const [consenting, setConsenting] = createSignal(false);
  const errors = createFormErrors();
  const p = () => props.profile;
  const approve = createMutation(() => ({
    mutationFn: () => api.volunteers.approveVolunteer.mutate({ volunteerId: props.id }),
    onMutate: () => {
      errors.clear();
      setDone(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      setDone(note("volc.people.approved", { name: props.r.name }));
      await Promise.all([
        qc.invalidateQueries({ queryKey: ["volunteers.volunteerList"] }),
        qc.invalidateQueries({ queryKey: ["volunteers.volunteerRecord"] }),
      ]);
    },
  }));
  const year = () => todayBj().slice(0, 4);
  const counted = (s: Service) => Number(s.counted);
  const yearMinutes = () =>
    props.r.services.filter((s) => bjDate(s.date).startsWith(year())).reduce((sum, s) => sum + counted(s), 0);
  const served = () => props.r.services.filter((s) => counted(s) > 0).length;
  const noShows = () => props.r.services.filter((s) => s.flag === "no_show").length;
  const noCheckout = () => props.r.services.filter((s) => s.flag === "no_checkout").length;
  const today = todayBj();
  const blocked = () => !!p()?.needsGuardian && !p()?.guardianConsentAt;
  return (
    <>
      <h1 data-testid="volunteer-name">{props.r.name}</h1>
      <div class="head-badges">
        <Show when={p()}>
          {(v) => (
            <>
              <VolunteerStatusBadge status={v().status} />
              <span class="meta">{t("volc.ageN", { n: v().age })}</span>
            </>
          )}
        </Show>
      </div>
      <SuccessNote note={done()} />
      <FormAlert errors={errors} />

      <section class="card" aria-labelledby="volc-profile-h" data-testid="volunteer-profile">
        <h2 id="volc-profile-h">{t("volc.detail.profile")}</h2>
        <Show
          when={p()}
          fallback={<p class="muted">{props.profileError ? t("volc.detail.profileFailed") : t("state.loading")}</p>}
        >
          {(v) => (
            <>
              <dl class="profile-dl">
                <dt>{t("volc.detail.skills")}</dt>
                <dd>{v().skills || <span class="muted">—</span>}</dd>
                <dt>{t("volc.detail.availability")}</dt>
                <dd>{v().availability || <span class="muted">—</span>}</dd>
                <dt>{t("volc.detail.showName")}</dt>
                <dd>{v().showName ? t("volc.detail.showNameYes") : t("volc.detail.showNameNo")}</dd>
                <dt>{t("volc.detail.teams")}</dt>
                <dd>
                  <Show
                    when={v().teams.filter((m) => m.status !== "left").length}
                    fallback={<span class="muted">{t("volc.people.noTeams")}</span>}
                  >
                    {v()
                      .teams.filter((m) => m.status !== "left")
                      .map((m) => m.teamName + (m.status === "pending" ? ` ${t("volc.people.teamPending")}` : ""))
                      .join("、")}
                  </Show>
                </dd>
                <dt>{t("volc.detail.insurance")}</dt>
                <dd data-testid="volunteer-insurance">
                  <Show when={v().insuredUntil} fallback={<span class="muted">{t("volc.people.noInsurance")}</span>}>
                    {(until) => (
                      <>
                        {v().insurer} · {v().insurancePolicy} ·{" "}
                        <span class={`badge ${until() >= today ? "badge-ok" : "badge-bad"}`}>
                          {until() >= today
                            ? t("volc.people.insuredUntil", { date: until() })
                            : t("volc.people.insuranceExpired", { date: until() })}
                        </span>
                      </>
                    )}
                  </Show>
                </dd>
                <Show when={v().needsGuardian}>
                  <dt>{t("volc.detail.guardian")}</dt>
                  <dd>
                    <Show
                      when={v().guardianConsentAt}
                      fallback={
                        <span class="badge badge-bad">{t("volc.people.needsGuardian", { age: GUARDIAN_AGE })}</span>
                      }
                    >
                      {t("volc.guard.onRecord", {
                        name: v().guardianName ?? "",
                        date: formatDate(v().guardianConsentAt),
                      })}
                    </Show>
                  </dd>
                </Show>
                <dt>{t("volc.detail.registered")}</dt>
                <dd>
                  {formatDate(v().createdAt)}
                  <Show when={v().approvedAt}>
                    {" · "}
                    {t("volc.people.approvedOn", { date: formatDate(v().approvedAt) })}
                  </Show>
                </dd>
              </dl>
              <Show when={writer()}>
                <div class="btn-row">
                  <Show when={v().status === "pending"}>
                    <button
                      type="button"
                      class="btn btn-primary"
                      data-testid="volunteer-approve"
                      disabled={approve.isPending || blocked()}
                      aria-describedby={blocked() ? "volc-detail-blocked" : undefined}
                      onClick={() => approve.mutate()}
                    >
                      {t("volc.people.approve")}
                    </button>
                  </Show>
                  <Show when={v().needsGuardian}>
                    <button
                      type="button"
                      class="btn"
                      data-testid="volunteer-guardian"
                      onClick={() => setConsenting(true)}
                    >
                      {t("volc.people.guardian")}
                    </button>
                  </Show>
                  <button
                    type="button"
                    class="btn"
                    data-testid="volunteer-insurance-edit"
                    onClick={() => setInsuring(true)}
                  >
                    {t("volc.people.insurance")}
                  </button>
                </div>
                <Show when={v().status === "pending" && blocked()}>
                  <p class="meta volc-block-note" id="volc-detail-blocked" data-testid="volunteer-approve-blocked">
                    {t("volc.people.blockedNote", { age: GUARDIAN_AGE })}
                  </p>
                </Show>
              </Show>
              <Show when={insuring()}>
                <InsuranceDialog
                  v={v()}
                  onClose={() => setInsuring(false)}
                  onDone={() => {
                    setInsuring(false);
                    setDone(note("volc.ins.saved", { name: v().name }));
                  }}
                />
              </Show>
              <Show when={consenting()}>
                <GuardianDialog
                  v={v()}
                  onClose={() => setConsenting(false)}
                  onDone={() => {
                    setConsenting(false);
                    setDone(note("volc.guard.saved", { name: v().name }));
                  }}
                />
              </Show>
            </>
          )}
        </Show>
      </section>

      <section class="card" aria-labelledby="volc-totals-h">
        <h2 id="volc-totals-h">{t("volc.detail.totals")}</h2>
        <dl class="volc-figures" data-testid="volunteer-totals">
          <div>
            <dt>{t("volc.detail.total")}</dt>
            <dd data-testid="volunteer-total-hours">
              {t("volc.hoursShort", { h: hoursFigure(props.r.totalMinutes) })}
            </dd>
          </div>
          <div>
            <dt>{t("volc.detail.thisYear", { year: year() })}</dt>
            <dd>{t("volc.hoursShort", { h: hoursFigure(yearMinutes()) })}</dd>
          </div>
          <div>
            <dt>{t("volc.detail.served")}</dt>
            <dd>{served()}</dd>
          </div>
          <div>
            <dt>{t("volc.detail.noShows")}</dt>
            <dd classList={{ "volc-bad": noShows() > 0 }}>{noShows()}</dd>
          </div>
          <div>
            <dt>{t("volc.detail.noCheckouts")}</dt>
            <dd classList={{ "volc-warn": noCheckout() > 0 }}>{noCheckout()}</dd>
          </div>
        </dl>
        <p class="hint">{t("volc.detail.totalsHint")}</p>
      </section>

      <section class="card" aria-labelledby="volc-services-h">
        <h2 id="volc-services-h">{t("volc.detail.services")}</h2>
        <Show when={props.r.services.length} fallback={<p class="muted">{t("volc.detail.noServices")}</p>}>
          <div class="table-wrap">
            <table class="table table-stack volc-table" data-testid="service-list">
              <thead>
                <tr>
                  <th scope="col">{t("volc.detail.col.shift")}</th>
                  <th scope="col">{t("volc.detail.col.inOut")}</th>
                  <th scope="col">{t("volc.detail.col.minutes")}</th>
                  <Show when={writer()}>
                    <th scope="col">
                      <span class="sr-only">{t("volc.col.actions")}</span>
                    </th>
                  </Show>
                </tr>
              </thead>
              <tbody>
                <For each={props.r.services}>
                  {(s) => (
                    <tr data-testid="service-row" data-signup-id={s.signupId} data-flag={s.flag ?? "none"}>
                      <td data-label={t("volc.detail.col.shift")}>
                        <A href={`/admin/volunteers/shifts/${s.shiftId}`} class="nowrap">
                          {formatDate(s.date)} {shiftClock(s.date, s.endsAt)}
                        </A>
                        <div>
                          {s.task} <span class="meta">· {s.teamName}</span>
                        </div>
                      </td>
                      <td data-label={t("volc.detail.col.inOut")}>
                        <span class="nowrap">{clockOn(s.checkInAt, s.date)}</span>
                        {" → "}
                        <span class="nowrap">{clockOn(s.checkOutAt, s.date)}</span> <FlagBadge flag={s.flag} />
                      </td>
                      <td data-label={t("volc.detail.col.minutes")}>
                        <Show
                          when={s.date > Date.now()}
                          fallback={
                            <CountedMinutes
                              minutes={s.minutes}
                              adjustedMinutes={s.adjustedMinutes}
                              adjustReason={s.adjustReason}
                            />
                          }
                        >
                          <span class="badge badge-info">{t("volc.detail.upcoming")}</span>
                        </Show>
                      </td>
                      <Show when={writer()}>
                        <td class="volc-actions-cell">
                          <Show when={s.endsAt <= Date.now()}>
                            <button
                              type="button"
                              class="btn btn-small"
                              data-testid="service-adjust"
                              aria-label={t("volc.adj.buttonOf", { task: s.task, date: formatDate(s.date) })}
                              onClick={() => {
                                setDone(null);
                                setAdjusting({
                                  signupId: s.signupId,
                                  name: props.r.name,
                                  task: s.task,
                                  startsAt: s.date,
                                  endsAt: s.endsAt,
                                  minutes: s.minutes,
                                  adjustedMinutes: s.adjustedMinutes,
                                  adjustReason: s.adjustReason,
                                });
                              }}
                            >
                              {t("volc.adj.button")}
                            </button>
                          </Show>
                        </td>
                      </Show>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </section>

      <Records id={props.id} r={props.r} />

      <section class="card" aria-labelledby="volc-certs-h">
        <h2 id="volc-certs-h">{t("volc.detail.certificates")}</h2>
        <p class="hint">{t("volc.detail.certificatesHint")}</p>
        <Show when={props.r.certificates.length} fallback={<p class="muted">{t("volc.detail.noCertificates")}</p>}>
          <ul class="list">
            <For each={props.r.certificates}>
              {(c) => (
                <li data-testid="certificate-row" data-code={c.code}>
                  <a href={`/verify/volunteer/${c.code}`} class="mono" target="_blank" rel="noopener">
                    {c.code}
                  </a>
                  <div class="meta">
                    {t("volc.detail.certLine", {
                      from: c.fromDate,
                      to: c.toDate,
                      hours: minutesText(c.totalMinutes),
                      n: c.services,
                      date: formatDate(c.issuedAt),
                    })}
                  </div>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>

      <Show when={adjusting()} keyed>
        {(target) => (
          <AdjustDialog
            target={target}
            onClose={() => setAdjusting(null)}
            onDone={(m) => {
              setAdjusting(null);
              setDone(note("volc.adj.done", { name: target.name, m: minutesText(m) }));
            }}
          />
        )}
      </Show>
    </>
  );
}

/** Training, awards and evaluations in the record, and a form to add one. */
function Records(props: { id: string; r: Record_ }) {
  const user = useConsoleUser();
  const writer = () => isWriter(user().role);
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [done, setDone] = createSignal<Note | null>(null);
  const [kind, setKind] = createSignal<RecordKind>("training");
  const [date, setDate] = createSignal(todayBj());
  const [title, setTitle] = createSignal("");
  const [text, setText] = createSignal("");
  const add = createMutation(() => ({
    mutationFn: () =>
      api.volunteers.addRecord.mutate({
        volunteerId: props.id,
        kind: kind(),
        date: date(),
        title: title().trim(),
        note: text().trim(),
      }),
    onMutate: () => {
      errors.clear();
      setDone(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      setDone(note("volc.rec.added", { title: title().trim() }));
      setTitle("");
      setText("");
      await qc.invalidateQueries({ queryKey: ["volunteers.volunteerRecord", props.id] });
    },
  }));
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date())) problems.date = t("volc.rec.dateBad");
    if (title().trim().length < 2) problems.title = t("volc.rec.titleShort");
    if (Object.keys(problems).length) return errors.setFields(problems);
    add.mutate();
  };
  return (
    <section class="card" aria-labelledby="volc-records-h">
      <h2 id="volc-records-h">{t("volc.rec.title")}</h2>
      <Show when={props.r.records.length} fallback={<p class="muted">{t("volc.rec.none")}</p>}>
        <ul class="list">
          <For each={props.r.records}>
            {(rec) => (
              <li data-testid="record-row" data-kind={rec.kind}>
                <span class="badge badge-info">{t(`volc.rec.kind.${rec.kind}` as Key)}</span>{" "}
                <strong>{rec.title}</strong> <span class="meta nowrap">{rec.date}</span>
                <Show when={rec.note}>
                  <p class="pre-line volc-record-note">{rec.note}</p>
                </Show>
                <div class="meta">{t("volc.rec.by", { name: rec.recordedBy })}</div>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={writer()}>
        <form class="form volc-record-form" novalidate onSubmit={submit} data-testid="record-form">
          <h3>{t("volc.rec.add")}</h3>
          <SuccessNote note={done()} />
          <FormAlert errors={errors} />
          <div class="grid grid-2">
            <Field id="volc-rec-kind" label={t("volc.rec.kind")} error={errors.field("kind")}>
              <select
                id="volc-rec-kind"
                name="kind"
                data-testid="record-kind"
                value={kind()}
                onChange={(e) => setKind(e.currentTarget.value as RecordKind)}
                {...fieldAria("volc-rec-kind", errors.field("kind"))}
              >
                <For each={RECORD_KINDS}>
                  {(k) => (
                    <option value={k} selected={k === kind()}>
                      {t(`volc.rec.kind.${k}` as Key)}
                    </option>
                  )}
                </For>
              </select>
            </Field>
            <Field id="volc-rec-date" label={t("volc.rec.date")} error={errors.field("date")}>
              <input
                id="volc-rec-date"
                name="date"
                type="date"
                data-testid="record-date"
                value={date()}
                onInput={(e) => setDate(e.currentTarget.value)}
                {...fieldAria("volc-rec-date", errors.field("date"))}
              />
            </Field>
          </div>
          <Field
            id="volc-rec-title"
            label={t("volc.rec.titleField")}
            hint={t(`volc.rec.titleHint.${kind()}` as Key)}
            error={errors.field("title")}
          >
            <input
              id="volc-rec-title"
              name="title"
              type="text"
              maxLength={100}
              autocomplete="off"
              data-testid="record-title"
              value={title()}
              onInput={(e) => setTitle(e.currentTarget.value)}
              {...fieldAria("volc-rec-title", errors.field("title"), true)}
            />
          </Field>
          <Field id="volc-rec-note" label={t("volc.rec.note")} error={errors.field("note")}>
            <textarea
              id="volc-rec-note"
              name="note"
              class="short prose"
              maxLength={1000}
              value={text()}
              onInput={(e) => setText(e.currentTarget.value)}
              {...fieldAria("volc-rec-note", errors.field("note"))}
            />
          </Field>
          <div>
            <button
              type="submit"
              class="btn btn-primary"
              data-testid="record-add"
              disabled={add.isPending}
              aria-busy={add.isPending ? "true" : undefined}
            >
              {t("volc.rec.submit")}
            </button>
          </div>
        </form>
      </Show>
    </section>
  );
}
