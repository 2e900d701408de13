import { A } from "@solidjs/router";
import { createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Show } from "solid-js";
import { shanghaiDate } from "../../../shared/rules/eligibility";
import {
  clock,
  dayLabel,
  duration,
  hours,
  Live,
  ResidentOnly,
  type MyRecord,
} from "../../components/volunteers/common";
import { useTitle } from "../../components/public/util";
import { t, type Key } from "../../i18n";
import { formatDate, formatDateTime } from "../../lib/format";
import { api, errorMessage, fieldErrors } from "../../lib/trpc";

type Service = MyRecord["services"][number];
type Entry = MyRecord["records"][number];

const certPath = (code: string) => `/me/volunteer/certificates/${encodeURIComponent(code)}`;

/**
 * "/me/volunteer/record": the volunteer's service record (志愿服务记录) — every service with its
 * date, team, task and hours (flags and staff corrections with their reasons), training, awards
 * and evaluations, the total; certificates of service hours on request, free.
 */
export default function ServiceRecord() {
  useTitle(() => t("vol.record.title"));
  return (
    <div class="narrow me-page vol-page">
      <ResidentOnly title={t("vol.record.title")} next="/me/volunteer/record">
        {() => <Record />}
      </ResidentOnly>
    </div>
  );
}

function Record() {
  const record = createQuery(() => ({
    queryKey: ["volunteers.myRecord"],
    queryFn: () => api.volunteers.myRecord.query(),
  }));
  return (
    <>
      <p class="crumbs">
        <A href="/me/volunteer">{t("vol.backVolunteer")}</A>
      </p>
      <h1>{t("vol.record.title")}</h1>
      <Live
        query={record}
        error={(err) => (
          <div class="state state-error" role="alert">
            <strong>{errorMessage(err)}</strong>
            <p>
              <A href="/me/volunteer" class="btn btn-primary">
                {t("vol.me.title")}
              </A>
            </p>
          </div>
        )}
      >
        {(r) => <RecordView record={r} />}
      </Live>
    </>
  );
}

function RecordView(props: { record: () => MyRecord }) {
  const r = props.record;
  const now = Date.now();
  const isUpcoming = (s: Service) => s.date > now && !s.checkInAt;
  const done = () => r().services.filter((s) => !isUpcoming(s));
  const upcoming = () => r().services.filter(isUpcoming);
  const ofKind = (kind: string) => r().records.filter((x) => x.kind === kind);

  return (
    <>
      <section class="card vol-record-head" aria-labelledby="vol-record-who">
        <h2 id="vol-record-who">{r().name}</h2>
        <p class="meta">{r().communityName}</p>
        <dl class="mtgpub-figures vol-figures">
          <div>
            <dt>{t("vol.record.total")}</dt>
            <dd data-testid="record-total" data-minutes={String(r().totalMinutes)}>
              {t("vol.hours", { h: hours(r().totalMinutes) })}
            </dd>
          </div>
          <div>
            <dt>{t("vol.record.count")}</dt>
            <dd>{done().filter((s) => Number(s.counted) > 0).length}</dd>
          </div>
        </dl>
        <p class="meta">{t("vol.record.totalHint", { time: duration(r().totalMinutes) })}</p>
      </section>

      <section class="card" aria-labelledby="vol-services-h">
        <h2 id="vol-services-h">{t("vol.record.services")}</h2>
        <p class="meta">{t("vol.record.servicesHint")}</p>
        <Show when={done().length > 0} fallback={<p class="muted">{t("vol.record.noServices")}</p>}>
          <ul class="list vol-services">
            <For each={done()}>{(s) => <ServiceItem s={s} />}</For>
          </ul>
        </Show>
        <Show when={upcoming().length > 0}>
          <h3>{t("vol.record.upcoming")}</h3>
          <ul class="list vol-services">
            <For each={upcoming()}>
              {(s) => (
                <li data-testid="record-upcoming" data-signup-id={s.signupId}>
                  <span class="vol-service-date">{dayLabel(s.date)}</span> {s.teamName} · {s.task}{" "}
                  <span class="badge badge-info">{t("vol.record.planned")}</span>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>

      <For each={["training", "award", "evaluation"] as const}>
        {(kind) => (
          <section class="card" aria-labelledby={`vol-rec-${kind}`} data-testid={`record-${kind}`}>
            <h2 id={`vol-rec-${kind}`}>{t(`vol.record.kind.${kind}` as Key)}</h2>
            <Show when={ofKind(kind).length > 0} fallback={<p class="muted">{t("vol.record.noEntries")}</p>}>
              <ul class="list">
                <For each={ofKind(kind)}>{(e) => <EntryItem e={e} />}</For>
              </ul>
            </Show>
          </section>
        )}
      </For>

      <Certificates record={r} />
    </>
  );
}

function ServiceItem(props: { s: Service }) {
  const s = () => props.s;
  const counted = () => Number(s().counted);
  const adjusted = () => s().adjustedMinutes !== null && s().adjustedMinutes !== undefined;
  return (
    <li
      class="vol-service"
      data-testid="record-service"
      data-signup-id={s().signupId}
      data-minutes={String(counted())}
      data-flag={s().flag ?? ""}
    >
      <div class="vol-service-row">
        <span class="vol-service-date">{formatDate(s().date)}</span>
        <strong class="vol-service-hours">{duration(counted())}</strong>
      </div>
      <p class="vol-service-what">
        {s().task} <span class="meta">· {s().teamName}</span>
      </p>
      <p class="meta">
        <Show when={s().checkInAt} fallback={t("vol.record.noCheckIn")}>
          {t("vol.record.times", { in: clock(s().checkInAt), out: s().checkOutAt ? clock(s().checkOutAt) : "—" })}
        </Show>
      </p>
      <Show when={s().flag === "no_show" || s().flag === "no_checkout"}>
        <p>
          <span class={`badge ${s().flag === "no_show" ? "badge-bad" : "badge-warn"}`} data-testid="record-flag">
            {t(`vol.flag.${s().flag}` as Key)}
          </span>{" "}
          <span class="meta">{t(`vol.flag.${s().flag}.hint` as Key)}</span>
        </p>
      </Show>
      <Show when={adjusted()}>
        <p class="vol-adjust" data-testid="record-adjusted">
          {t("vol.record.adjusted", {
            from: duration(s().minutes ?? 0),
            to: duration(s().adjustedMinutes ?? 0),
          })}
          <Show when={s().adjustReason}>
            <span class="pre-line"> {t("vol.record.reason", { reason: s().adjustReason ?? "" })}</span>
          </Show>
        </p>
      </Show>
    </li>
  );
}

function EntryItem(props: { e: Entry }) {
  return (
    <li data-testid="record-entry">
      <div class="vol-service-row">
        <strong>{props.e.title}</strong>
        <span class="meta">{props.e.date}</span>
      </div>
      <Show when={props.e.note}>
        <p class="pre-line">{props.e.note}</p>
      </Show>
      <p class="meta">{t("vol.record.by", { name: props.e.recordedBy })}</p>
    </li>
  );
}

function Certificates(props: { record: () => MyRecord }) {
  const qc = useQueryClient();
  const today = shanghaiDate(Date.now());
  const [from, setFrom] = createSignal(`${today.slice(0, 4)}-01-01`);
  const [to, setTo] = createSignal(today);
  const [busy, setBusy] = createSignal(false);
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal("");
  const [issued, setIssued] = createSignal<{ code: string; totalMinutes: number; services: number } | null>(null);
  const bad = () => !from() || !to() || to() < from();

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy()) return;
    if (bad()) {
      setErrors({ toDate: t("vol.cert.badRange") });
      return;
    }
    setBusy(true);
    setErrors({});
    setError("");
    setIssued(null);
    try {
      const r = await api.volunteers.requestCertificate.mutate({ fromDate: from(), toDate: to() });
      setIssued(r);
      await qc.invalidateQueries({ queryKey: ["volunteers.myRecord"] });
    } catch (err) {
      const f = fieldErrors(err);
      setErrors(f);
      setError(Object.keys(f).length ? "" : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="vol-cert-h" data-testid="record-certificates">
      <h2 id="vol-cert-h">{t("vol.cert.title")}</h2>
      <p>{t("vol.cert.intro")}</p>
      <form class="form" onSubmit={submit} novalidate data-testid="cert-request">
        <div class="grid grid-2 vol-dates">
          <div class="field">
            <label for="cert-from">{t("vol.cert.from")}</label>
            <input
              id="cert-from"
              type="date"
              required
              value={from()}
              max={today}
              onInput={(e) => setFrom(e.currentTarget.value)}
              aria-invalid={errors().fromDate ? "true" : undefined}
              aria-describedby="cert-from-error"
            />
            <span class="error" id="cert-from-error">
              {errors().fromDate ?? ""}
            </span>
          </div>
          <div class="field">
            <label for="cert-to">{t("vol.cert.to")}</label>
            <input
              id="cert-to"
              type="date"
              required
              value={to()}
              onInput={(e) => setTo(e.currentTarget.value)}
              aria-invalid={errors().toDate ? "true" : undefined}
              aria-describedby="cert-to-error"
            />
            <span class="error" id="cert-to-error">
              {errors().toDate ?? ""}
            </span>
          </div>
        </div>
        <p class="vol-error" role="alert">
          {error()}
        </p>
        <button type="submit" class="btn btn-primary btn-block" disabled={busy()} data-testid="cert-request-submit">
          {busy() ? t("vol.busy") : t("vol.cert.request")}
        </button>
      </form>
      <Show when={issued()}>
        {(c) => (
          <div class="banner banner-ok" role="status" data-testid="cert-issued">
            <p>
              {t("vol.cert.issued", {
                h: hours(c().totalMinutes),
                n: c().services,
              })}
            </p>
            <A href={certPath(c().code)} class="btn btn-primary" data-testid="cert-issued-link">
              {t("vol.cert.open")}
            </A>
          </div>
        )}
      </Show>

      <h3>{t("vol.cert.list")}</h3>
      <Show when={props.record().certificates.length > 0} fallback={<p class="muted">{t("vol.cert.none")}</p>}>
        <ul class="list vol-certs">
          <For each={props.record().certificates}>
            {(c) => (
              <li>
                <A href={certPath(c.code)} class="notice-title" data-testid="cert-link" data-code={c.code}>
                  {t("vol.cert.period", { from: c.fromDate, to: c.toDate })}
                </A>
                <p class="meta">
                  {t("vol.cert.summary", { h: hours(c.totalMinutes), n: c.services })} ·{" "}
                  {t("vol.cert.issuedAt", { at: formatDateTime(c.issuedAt) })}
                </p>
                <p class="meta mono">{c.code}</p>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
