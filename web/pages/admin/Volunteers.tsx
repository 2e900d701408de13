import "../../styles/volunteers-console.css";
import { A, useSearchParams } from "@solidjs/router";
import { createMutation, createQuery, keepPreviousData, useQueryClient } from "@tanstack/solid-query";
import { createEffect, createSignal, For, onCleanup, Show } from "solid-js";
import { GUARDIAN_AGE } from "../../../shared/rules/volunteers";
import { Dialog } from "../../components/console/Dialog";
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
import { Empty } from "../../components/States";
import { hoursFigure, Loaded, todayBj, VolunteerSubNav } from "../../components/volunteers/VolunteerConsoleBits";
import { t, type Key } from "../../i18n";
import { formatDate } from "../../lib/format";
import { api } from "../../lib/trpc";

type Row = Awaited<ReturnType<typeof api.volunteers.volunteerList.query>>[number];
const STATUSES = ["all", "pending", "active", "inactive"] as const;
type Status = (typeof STATUSES)[number];

const STATUS_BADGE: Record<string, string> = {
  pending: "badge-warn",
  active: "badge-ok",
  inactive: "badge-muted",
};
export function VolunteerStatusBadge(props: { status: string }) {
  return (
    <span class={`badge ${STATUS_BADGE[props.status] ?? "badge-muted"}`} data-status={props.status}>
      {t(`volc.vstatus.${props.status}` as Key)}
    </span>
  );
}

/** A debounced copy of a signal, for searching as one types. */
function debounced(source: () => string, ms = 250) {
  const [value, setValue] = createSignal(source().trim());
  createEffect(() => {
    const v = source().trim();
    const timer = setTimeout(() => setValue(v), ms);
    onCleanup(() => clearTimeout(timer));
  });
  return value;
}

/** /admin/volunteers/people: registrations to approve, guardian consent and insurance on record, hours. */
export default function Volunteers() {
  const user = useConsoleUser();
  const communityId = () => user().community!.id;
  const writer = () => isWriter(user().role);
  const [search, setSearch] = useSearchParams<{ status?: string; q?: string }>();
  const status = (): Status =>
    (STATUSES as readonly string[]).includes(search.status ?? "") ? (search.status as Status) : "all";
  const [q, setQ] = createSignal(search.q ?? "");
  const term = debounced(q);
  createEffect(() => setSearch({ q: term() || undefined }, { replace: true }));
  const [done, setDone] = createSignal<Note | null>(null);
  const [insuring, setInsuring] = createSignal<Row | null>(null);
  const [consenting, setConsenting] = createSignal<Row | null>(null);
  const list = createQuery(() => {
    const input = {
      communityId: communityId(),
      status: status() === "all" ? undefined : (status() as "pending" | "active" | "inactive"),
      q: term(),
    };
    return {
      queryKey: ["volunteers.volunteerList", input.communityId, input.status ?? "all", input.q],
      queryFn: () => api.volunteers.volunteerList.query(input),
      placeholderData: keepPreviousData,
    };
  });
  // Registrations waiting, for the tab's count.
  const waiting = createQuery(() => ({
    queryKey: ["volunteers.volunteerList", communityId(), "pending", ""],
    queryFn: () => api.volunteers.volunteerList.query({ communityId: communityId(), status: "pending", q: "" }),
  }));
  const qc = useQueryClient();
  const errors = createFormErrors();
  const approve = createMutation(() => ({
    mutationFn: (v: Row) => api.volunteers.approveVolunteer.mutate({ volunteerId: v.id }),
    onMutate: () => {
      errors.clear();
      setDone(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async (_r, v) => {
      setDone(note("volc.people.approved", { name: v.name }));
      await Promise.all([
        qc.invalidateQueries({ queryKey: ["volunteers.volunteerList"] }),
        qc.invalidateQueries({ queryKey: ["volunteers.teamMembers"] }),
      ]);
    },
  }));
  // Off service (moved away, stopped) and back: no sign-ups while inactive; the record stays.
  const setStatus = createMutation(() => ({
    mutationFn: (a: { v: Row; status: "active" | "inactive" }) =>
      api.volunteers.setVolunteerStatus.mutate({ volunteerId: a.v.id, status: a.status }),
    onMutate: () => {
      errors.clear();
      setDone(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async (_r, a) => {
      setDone(
        note(a.status === "inactive" ? "volc.people.deactivated" : "volc.people.reactivated", { name: a.v.name }),
      );
      await Promise.all([
        qc.invalidateQueries({ queryKey: ["volunteers.volunteerList"] }),
        qc.invalidateQueries({ queryKey: ["volunteers.volunteerRecord"] }),
      ]);
    },
  }));
  const today = todayBj();
  const blocked = (v: Row) => v.needsGuardian && !v.guardianConsentAt;
  return (
    <div class="console-page volc-page">
      <VolunteerSubNav />
      <h1>{t("volc.people.title")}</h1>
      <p class="muted">{t("volc.people.intro")}</p>
      <div class="volc-filters">
        <div class="tabs" role="group" aria-label={t("volc.people.filter")}>
          <For each={STATUSES}>
            {(s) => (
              <button
                type="button"
                class="tab"
                aria-pressed={status() === s}
                data-testid={`volunteer-filter-${s}`}
                onClick={() => setSearch({ status: s === "all" ? undefined : s })}
              >
                {s === "all" ? t("volc.people.all") : t(`volc.vstatus.${s}` as Key)}
                <Show when={s === "pending" && waiting.data?.length}>
                  {" "}
                  <span class="badge badge-warn">{waiting.data?.length}</span>
                </Show>
              </button>
            )}
          </For>
        </div>
        <Field id="volc-people-q" label={t("volc.people.search")}>
          <input
            id="volc-people-q"
            name="q"
            type="search"
            autocomplete="off"
            maxLength={40}
            placeholder={t("volc.people.searchHint")}
            data-testid="volunteer-search"
            value={q()}
            onInput={(e) => setQ(e.currentTarget.value)}
          />
        </Field>
      </div>
      <SuccessNote note={done()} />
      <FormAlert errors={errors} />
      <Loaded query={list}>
        {(rows) => (
          <Show
            when={rows().length}
            fallback={
              <Empty>
                <p data-testid="volunteer-empty">
                  {term()
                    ? t("volc.people.noMatch", { q: term() })
                    : status() === "pending"
                      ? t("volc.people.noPending")
                      : t("volc.people.empty")}
                </p>
              </Empty>
            }
          >
            <div class="table-wrap card" aria-busy={list.isFetching ? "true" : undefined}>
              <table class="table table-stack volc-table" data-testid="volunteer-list">
                <thead>
                  <tr>
                    <th scope="col">{t("volc.people.col.name")}</th>
                    <th scope="col">{t("volc.people.col.status")}</th>
                    <th scope="col">{t("volc.people.col.teams")}</th>
                    <th scope="col">{t("volc.people.col.insurance")}</th>
                    <th scope="col" class="volc-num">
                      {t("volc.people.col.hours")}
                    </th>
                    <th scope="col">
                      <span class="sr-only">{t("volc.col.actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={rows()}>
                    {(v) => (
                      <tr data-testid="volunteer-row" data-volunteer-id={v.id} data-status={v.status}>
                        <td data-label={t("volc.people.col.name")}>
                          <A href={`/admin/volunteers/people/${v.id}`} class="volc-name" data-testid="volunteer-link">
                            {v.name}
                          </A>
                          <div class="meta">{t("volc.ageN", { n: v.age })}</div>
                          <Show when={v.needsGuardian}>
                            <Show
                              when={v.guardianConsentAt}
                              fallback={
                                <span class="badge badge-bad" data-testid="volunteer-needs-guardian">
                                  {t("volc.people.needsGuardian", { age: GUARDIAN_AGE })}
                                </span>
                              }
                            >
                              <span class="badge badge-ok" data-testid="volunteer-guardian-ok">
                                {t("volc.people.guardianOk", { name: v.guardianName ?? "" })}
                              </span>
                            </Show>
                          </Show>
                        </td>
                        <td data-label={t("volc.people.col.status")}>
                          <VolunteerStatusBadge status={v.status} />
                          <Show when={v.approvedAt}>
                            <div class="meta">{t("volc.people.approvedOn", { date: formatDate(v.approvedAt) })}</div>
                          </Show>
                        </td>
                        <td data-label={t("volc.people.col.teams")}>
                          <Show
                            when={v.teams.filter((m) => m.status !== "left").length}
                            fallback={<span class="muted">{t("volc.people.noTeams")}</span>}
                          >
                            <ul class="volc-inline-list">
                              <For each={v.teams.filter((m) => m.status !== "left")}>
                                {(m) => (
                                  <li>
                                    {m.teamName}
                                    <Show when={m.status === "pending"}>
                                      <span class="meta"> {t("volc.people.teamPending")}</span>
                                    </Show>
                                  </li>
                                )}
                              </For>
                            </ul>
                          </Show>
                        </td>
                        <td data-label={t("volc.people.col.insurance")}>
                          <Show
                            when={v.insuredUntil}
                            fallback={<span class="muted">{t("volc.people.noInsurance")}</span>}
                          >
                            {(until) => (
                              <>
                                <span
                                  class={`badge ${until() >= today ? "badge-ok" : "badge-bad"}`}
                                  data-testid="volunteer-insurance"
                                  data-valid={until() >= today ? "true" : "false"}
                                >
                                  {until() >= today
                                    ? t("volc.people.insuredUntil", { date: until() })
                                    : t("volc.people.insuranceExpired", { date: until() })}
                                </span>
                                <div class="meta">
                                  {v.insurer} · {v.insurancePolicy}
                                </div>
                              </>
                            )}
                          </Show>
                        </td>
                        <td class="volc-num nowrap" data-label={t("volc.people.col.hours")}>
                          {t("volc.hoursShort", { h: hoursFigure(v.minutes) })}
                        </td>
                        <td class="volc-actions-cell">
                          <Show when={writer()}>
                            <div class="row-actions volc-row-actions">
                              <Show when={v.status === "pending"}>
                                <button
                                  type="button"
                                  class="btn btn-small btn-primary"
                                  data-testid="volunteer-approve"
                                  disabled={approve.isPending || blocked(v)}
                                  aria-describedby={blocked(v) ? `volc-blocked-${v.id}` : undefined}
                                  aria-label={t("volc.people.approveName", { name: v.name })}
                                  onClick={() => approve.mutate(v)}
                                >
                                  {t("volc.people.approve")}
                                </button>
                              </Show>
                              <Show when={v.needsGuardian}>
                                <button
                                  type="button"
                                  class="btn btn-small"
                                  data-testid="volunteer-guardian"
                                  aria-label={t("volc.people.guardianName", { name: v.name })}
                                  onClick={() => {
                                    setDone(null);
                                    setConsenting(v);
                                  }}
                                >
                                  {t("volc.people.guardian")}
                                </button>
                              </Show>
                              <button
                                type="button"
                                class="btn btn-small"
                                data-testid="volunteer-insurance-edit"
                                aria-label={t("volc.people.insuranceName", { name: v.name })}
                                onClick={() => {
                                  setDone(null);
                                  setInsuring(v);
                                }}
                              >
                                {t("volc.people.insurance")}
                              </button>
                              <Show when={v.status !== "pending"}>
                                <button
                                  type="button"
                                  class="btn btn-small"
                                  data-testid="volunteer-status-toggle"
                                  disabled={setStatus.isPending}
                                  onClick={() =>
                                    setStatus.mutate({ v, status: v.status === "active" ? "inactive" : "active" })
                                  }
                                >
                                  {t(v.status === "active" ? "volc.people.deactivate" : "volc.people.reactivate")}
                                </button>
                              </Show>
                            </div>
                            <Show when={v.status === "pending" && blocked(v)}>
                              <p
                                class="meta volc-block-note"
                                id={`volc-blocked-${v.id}`}
                                data-testid="volunteer-approve-blocked"
                              >
                                {t("volc.people.blockedNote", { age: GUARDIAN_AGE })}
                              </p>
                            </Show>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
            <Show when={rows().length >= 200}>
              <p class="meta">{t("volc.people.more")}</p>
            </Show>
          </Show>
        )}
      </Loaded>
      <Show when={insuring()} keyed>
        {(v) => (
          <InsuranceDialog
            v={v}
            onClose={() => setInsuring(null)}
            onDone={() => {
              setInsuring(null);
              setDone(note("volc.ins.saved", { name: v.name }));
            }}
          />
        )}
      </Show>
      <Show when={consenting()} keyed>
        {(v) => (
          <GuardianDialog
            v={v}
            onClose={() => setConsenting(null)}
            onDone={() => {
              setConsenting(null);
              setDone(note("volc.guard.saved", { name: v.name }));
            }}
          />
        )}
      </Show>
    </div>
  );
}

/** Accident insurance on record (Art 17): needed before risky tasks; valid through a date. */
export function InsuranceDialog(props: {
  v: { id: string; name: string; insurer: string | null; insurancePolicy: string | null; insuredUntil: string | null };
  onClose: () => void;
  onDone: () => void;
}) {
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [insurer, setInsurer] = createSignal(props.v.insurer ?? "");
  const [policy, setPolicy] = createSignal(props.v.insurancePolicy ?? "");
  const [until, setUntil] = createSignal(props.v.insuredUntil ?? "");
  const save = createMutation(() => ({
    mutationFn: () =>
      api.volunteers.setInsurance.mutate({
        volunteerId: props.v.id,
        insurer: insurer().trim(),
        insurancePolicy: policy().trim(),
        insuredUntil: until(),
      }),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: ["volunteers.volunteerList"] }),
        qc.invalidateQueries({ queryKey: ["volunteers.teamMembers"] }),
      ]);
      props.onDone();
    },
  }));
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (insurer().trim().length < 2) problems.insurer = t("volc.ins.insurerShort");
    if (policy().trim().length < 2) problems.insurancePolicy = t("volc.ins.policyShort");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(until())) problems.insuredUntil = t("volc.ins.untilBad");
    if (Object.keys(problems).length) return errors.setFields(problems);
    save.mutate();
  };
  const expired = () => /^\d{4}-\d{2}-\d{2}$/.test(until()) && until() < todayBj();
  return (
    <Dialog title={t("volc.ins.title", { name: props.v.name })} onClose={props.onClose}>
      <form class="form" novalidate onSubmit={submit} data-testid="insurance-form">
        <p class="hint">{t("volc.ins.intro")}</p>
        <FormAlert errors={errors} />
        <Field id="volc-ins-insurer" label={t("volc.ins.insurer")} error={errors.field("insurer")}>
          <input
            id="volc-ins-insurer"
            name="insurer"
            type="text"
            maxLength={100}
            autocomplete="off"
            data-testid="insurance-insurer"
            value={insurer()}
            onInput={(e) => setInsurer(e.currentTarget.value)}
            {...fieldAria("volc-ins-insurer", errors.field("insurer"))}
          />
        </Field>
        <Field id="volc-ins-policy" label={t("volc.ins.policy")} error={errors.field("insurancePolicy")}>
          <input
            id="volc-ins-policy"
            name="insurancePolicy"
            type="text"
            maxLength={60}
            autocomplete="off"
            data-testid="insurance-policy"
            value={policy()}
            onInput={(e) => setPolicy(e.currentTarget.value)}
            {...fieldAria("volc-ins-policy", errors.field("insurancePolicy"))}
          />
        </Field>
        <Field
          id="volc-ins-until"
          label={t("volc.ins.until")}
          hint={expired() ? t("volc.ins.untilPast") : t("volc.ins.untilHint")}
          error={errors.field("insuredUntil")}
        >
          <input
            id="volc-ins-until"
            name="insuredUntil"
            type="date"
            data-testid="insurance-until"
            value={until()}
            onInput={(e) => setUntil(e.currentTarget.value)}
            {...fieldAria("volc-ins-until", errors.field("insuredUntil"), true)}
          />
        </Field>
        <div class="btn-row dialog-actions">
          <button type="button" class="btn" onClick={() => props.onClose()}>
            {t("action.cancel")}
          </button>
          <button
            type="submit"
            class="btn btn-primary"
            data-testid="insurance-save"
            disabled={save.isPending}
            aria-busy={save.isPending ? "true" : undefined}
          >
            {t("action.save")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** A guardian's written consent for a child under 14 (PIPL Art 31), recorded by name. */
export function GuardianDialog(props: {
  v: { id: string; name: string; guardianName: string | null; guardianConsentAt: number | null };
  onClose: () => void;
  onDone: () => void;
}) {
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [name, setName] = createSignal(props.v.guardianName ?? "");
  const save = createMutation(() => ({
    mutationFn: () =>
      api.volunteers.setGuardianConsent.mutate({ volunteerId: props.v.id, guardianName: name().trim() }),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: ["volunteers.volunteerList"] }),
        qc.invalidateQueries({ queryKey: ["volunteers.volunteerRecord"] }),
      ]);
      props.onDone();
    },
  }));
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    if (name().trim().length < 2) return errors.setFields({ guardianName: t("volc.guard.nameShort") });
    save.mutate();
  };
  return (
    <Dialog title={t("volc.guard.title", { name: props.v.name })} onClose={props.onClose}>
      <form class="form" novalidate onSubmit={submit} data-testid="guardian-form">
        <p class="hint">{t("volc.guard.intro", { age: GUARDIAN_AGE })}</p>
        <Show when={props.v.guardianConsentAt}>
          <p class="meta">
            {t("volc.guard.onRecord", {
              name: props.v.guardianName ?? "",
              date: formatDate(props.v.guardianConsentAt),
            })}
          </p>
        </Show>
        <FormAlert errors={errors} />
        <Field
          id="volc-guard-name"
          label={t("volc.guard.name")}
          hint={t("volc.guard.nameHint")}
          error={errors.field("guardianName")}
        >
          <input
            id="volc-guard-name"
            name="guardianName"
            type="text"
            maxLength={40}
            autocomplete="off"
            data-testid="guardian-name"
            value={name()}
            onInput={(e) => setName(e.currentTarget.value)}
            {...fieldAria("volc-guard-name", errors.field("guardianName"), true)}
          />
        </Field>
        <div class="btn-row dialog-actions">
          <button type="button" class="btn" onClick={() => props.onClose()}>
            {t("action.cancel")}
          </button>
          <button
            type="submit"
            class="btn btn-primary"
            data-testid="guardian-save"
            disabled={save.isPending}
            aria-busy={save.isPending ? "true" : undefined}
          >
            {t("volc.guard.save")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
