import { A, useLocation, useNavigate, useParams } from "@solidjs/router";
import { createMutation, createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { ErrorBox, Loading } from "../../components/States";
import { Confirmation, type PendingConfirm } from "../../components/console/Dialog";
import {
  createFormErrors,
  Field,
  fieldAria,
  FormAlert,
  note,
  SuccessNote,
  type Note,
} from "../../components/console/Field";
import { useConsoleUser, type ConsoleUser } from "../../components/console/user";
import { ResidentForm } from "../../components/registry/ResidentForm";
import {
  ageOf,
  historyKindLabel,
  historyText,
  isAdultToday,
  isKeeper,
  repLabel,
  ResidentBadges,
  todayShanghai,
  type LetterState,
  type ResidentFull,
} from "../../components/registry/shared";
import { t } from "../../i18n";
import { formatDate, formatDateTime } from "../../lib/format";
import { api } from "../../lib/trpc";
import { isCalendarDate } from "../../../shared/rules/eligibility";

/** One resident: facts, account and activation, edit, move-out and history. */
export default function ResidentDetail() {
  const params = useParams<{ id: string }>();
  const user = useConsoleUser();
  const location = useLocation<{ created?: boolean }>();
  const query = createQuery(() => ({
    queryKey: ["residents.get", params.id],
    queryFn: () => api.residents.get.query({ id: params.id }),
  }));
  const [done, setDone] = createSignal<Note | null>(location.state?.created ? note("reg.new.done") : null);

  return (
    <div class="console-page">
      <p class="back-link">
        <A href="/admin/residents">← {t("reg.residents.back")}</A>
      </p>
      <Show when={!query.isPending} fallback={<Loading />}>
        <Show when={query.data} fallback={<ErrorBox error={query.error} retry={() => query.refetch()} />}>
          {(r) => (
            <>
              <div class="page-head">
                <h1 class="reg-title">
                  {r().name} <ResidentBadges user={user()} r={r()} />
                </h1>
              </div>
              <SuccessNote note={done()} />
              <Show when={r().status === "moved_out"}>
                <div class="banner banner-warn">{t("reg.detail.movedOutBanner", { date: r().movedOutOn ?? "" })}</div>
              </Show>
              <div class="reg-detail">
                <Facts r={r()} user={user()} />
                <AccountCard r={r()} user={user()} onDone={setDone} />
                <Show when={isKeeper(user().role) && r().status === "active"}>
                  <EditCard r={r()} user={user()} onDone={setDone} />
                  <MoveOutCard r={r()} onDone={setDone} />
                </Show>
                <HistoryCard r={r()} user={user()} />
              </div>
            </>
          )}
        </Show>
      </Show>
    </div>
  );
}

function Facts(props: { r: ResidentFull; user: ConsoleUser }) {
  const r = () => props.r;
  return (
    <section class="card" aria-labelledby="res-facts-h">
      <h2 id="res-facts-h">{t("reg.detail.facts")}</h2>
      <dl class="kv reg-kv">
        <dt>{t("reg.field.birthDate")}</dt>
        <dd>{r().birthDate}</dd>
        <dt>{t("reg.field.age")}</dt>
        <dd>
          {t("reg.age", { n: ageOf(r().birthDate) })}{" "}
          <span class={`badge ${isAdultToday(r().birthDate) ? "badge-ok" : "badge-muted"}`}>
            {isAdultToday(r().birthDate) ? t("reg.adult.yes") : t("reg.adult.no")}
          </span>{" "}
          <span class="meta">{t("reg.detail.asOfToday", { date: todayShanghai() })}</span>
        </dd>
        <dt>{t("reg.field.phone")}</dt>
        <dd>
          <PhoneReveal r={r()} />
        </dd>
        <dt>{t("reg.field.address")}</dt>
        <dd>
          <Show when={r().household} fallback={<span class="muted">{t("reg.household.none")}</span>}>
            {(h) => <A href={`/admin/households?open=${h().id}&q=${encodeURIComponent(h().address)}`}>{h().address}</A>}
          </Show>
        </dd>
        <dt>{t("reg.field.grid")}</dt>
        <dd>{r().household?.gridName ?? <span class="muted">{t("reg.none")}</span>}</dd>
        <dt>{t("reg.field.group")}</dt>
        <dd>{r().group?.name ?? <span class="muted">{t("reg.none")}</span>}</dd>
        <dt>{t("reg.flag.householdRep")}</dt>
        <dd>{r().isHouseholdRep ? t("reg.yes") : t("reg.no")}</dd>
        <dt>{repLabel(props.user)}</dt>
        <dd>{r().isRepresentative ? t("reg.yes") : t("reg.no")}</dd>
        <dt>{t("reg.field.status")}</dt>
        <dd>
          {r().status === "active"
            ? t("reg.status.active")
            : `${t("reg.status.moved_out")} ${r().movedOutOn ?? ""}`.trim()}
        </dd>
      </dl>
    </section>
  );
}

/** The masked phone, and on request the full one (the read is written to the audit log). */
function PhoneReveal(props: { r: ResidentFull }) {
  const errors = createFormErrors();
  const reveal = createMutation(() => ({
    mutationFn: () => api.residents.revealPhone.mutate({ id: props.r.id }),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
  }));
  return (
    <Show when={props.r.phone} fallback={<span class="muted">{t("reg.detail.noPhone")}</span>}>
      <span class="reg-phone">
        <Show
          when={reveal.data}
          fallback={
            <>
              <span class="mono" data-testid="phone-masked">
                {props.r.phone}
              </span>
              <button
                type="button"
                class="btn btn-small"
                disabled={reveal.isPending}
                aria-describedby="res-reveal-hint"
                onClick={() => reveal.mutate()}
              >
                {t("reg.detail.revealPhone")}
              </button>
            </>
          }
        >
          {(d) => (
            <a href={`tel:${d().phone}`} class="mono" data-testid="phone-full">
              {d().phone}
            </a>
          )}
        </Show>
      </span>
      <Show when={!reveal.data}>
        <div class="meta" id="res-reveal-hint">
          {t("reg.detail.revealHint")}
        </div>
      </Show>
      <FormAlert errors={errors} />
    </Show>
  );
}

type Activation = NonNullable<ResidentFull["lastActivation"]>;
const activationState = (a: Activation): "used" | "revoked" | "expired" | "pending" =>
  a.usedAt ? "used" : a.revokedAt ? "revoked" : a.expiresAt < Date.now() ? "expired" : "pending";

/** The resident's login: account state, the last activation code, issue / re-issue / revoke. */
function AccountCard(props: { r: ResidentFull; user: ConsoleUser; onDone: (n: Note | null) => void }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const errors = createFormErrors();
  const [issued, setIssued] = createSignal<LetterState | null>(null);
  const [pending, setPending] = createSignal<PendingConfirm | null>(null);
  const keeper = () => isKeeper(props.user.role) && props.r.status === "active";
  const outstanding = () => props.r.lastActivation && activationState(props.r.lastActivation) === "pending";
  const refresh = () => qc.invalidateQueries({ queryKey: ["residents.get", props.r.id] });

  const issue = createMutation(() => ({
    mutationFn: () => api.residents.issueActivation.mutate({ residentId: props.r.id }),
    onMutate: () => {
      errors.clear();
      props.onDone(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async (d) => {
      setIssued(d);
      await refresh();
    },
  }));
  const revoke = createMutation(() => ({
    mutationFn: () => api.residents.revokeActivation.mutate({ residentId: props.r.id }),
    onMutate: () => {
      errors.clear();
      setIssued(null);
      props.onDone(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      props.onDone(note("reg.activation.revoked", { name: props.r.name }));
      await refresh();
    },
  }));

  const askIssue = () => {
    if (!outstanding() && !props.r.account) return issue.mutate();
    setPending({
      title: t("reg.activation.reissueTitle"),
      message: (
        <>
          <Show when={outstanding()}>
            <p>{t("reg.activation.reissueOld")}</p>
          </Show>
          <Show when={props.r.account}>
            <p>{t("reg.activation.reissueAccount")}</p>
          </Show>
        </>
      ),
      run: () => issue.mutate(),
    });
  };
  const askRevoke = () =>
    setPending({
      title: t("reg.activation.revokeTitle"),
      message: (
        <>
          <p>{t("reg.activation.revokeText", { name: props.r.name })}</p>
          <Show when={props.r.account?.active}>
            <p>
              <strong>{t("reg.activation.revokeAccount")}</strong>
            </p>
          </Show>
        </>
      ),
      danger: true,
      run: () => revoke.mutate(),
    });

  return (
    <section class="card" aria-labelledby="res-account-h">
      <h2 id="res-account-h">{t("reg.activation.title")}</h2>
      <dl class="kv reg-kv">
        <dt>{t("reg.account.label")}</dt>
        <dd data-testid="account-state">
          <Switch fallback={<span class="badge badge-muted">{t("reg.account.none")}</span>}>
            <Match when={props.r.account?.active}>
              <span class="badge badge-ok">{t("reg.account.active")}</span>{" "}
              <span class="meta">{t("reg.account.since", { date: formatDate(props.r.account?.since) })}</span>
            </Match>
            <Match when={props.r.account}>
              <span class="badge badge-bad">{t("reg.account.disabled")}</span>
            </Match>
          </Switch>
        </dd>
        <dt>{t("reg.activation.last")}</dt>
        <dd>
          <Show when={props.r.lastActivation} fallback={<span class="muted">{t("reg.activation.never")}</span>}>
            {(a) => (
              <>
                <Switch>
                  <Match when={activationState(a()) === "used"}>
                    <span class="badge badge-ok">{t("reg.activation.state.used")}</span> {formatDateTime(a().usedAt)}
                  </Match>
                  <Match when={activationState(a()) === "revoked"}>
                    <span class="badge badge-muted">{t("reg.activation.state.revoked")}</span>{" "}
                    {formatDateTime(a().revokedAt)}
                  </Match>
                  <Match when={activationState(a()) === "expired"}>
                    <span class="badge badge-warn">{t("reg.activation.state.expired")}</span>{" "}
                    {formatDateTime(a().expiresAt)}
                  </Match>
                  <Match when={activationState(a()) === "pending"}>
                    <span class="badge badge-info">{t("reg.activation.state.pending")}</span>{" "}
                    {t("reg.activation.validUntil", { time: formatDateTime(a().expiresAt) })}
                  </Match>
                </Switch>
                <div class="meta">{t("reg.activation.issuedAt", { time: formatDateTime(a().createdAt) })}</div>
              </>
            )}
          </Show>
        </dd>
      </dl>
      <FormAlert errors={errors} />

      <Show when={issued()}>
        {(d) => (
          <div class="reg-code-box" role="status">
            <p class="reg-code-label">{t("reg.activation.codeFor", { name: d().residentName })}</p>
            <p class="reg-code mono" data-testid="activation-code">
              {d().code}
            </p>
            <p class="meta">{t("reg.activation.validUntil", { time: formatDateTime(d().expiresAt) })}</p>
            <p class="banner banner-warn">{t("reg.activation.onceWarning")}</p>
            <div class="btn-row">
              <button
                type="button"
                class="btn btn-primary"
                data-testid="print-letter"
                onClick={() => navigate(`/admin/residents/${props.r.id}/letter`, { state: d() })}
              >
                {t("reg.activation.printLetter")}
              </button>
              <button type="button" class="btn" onClick={() => setIssued(null)}>
                {t("reg.activation.hideCode")}
              </button>
            </div>
          </div>
        )}
      </Show>

      <Show when={keeper()}>
        <Show when={!props.r.phone}>
          <p class="hint">{t("reg.activation.needPhone")}</p>
        </Show>
        <div class="btn-row">
          <button
            type="button"
            class="btn btn-primary"
            disabled={issue.isPending || !props.r.phone}
            aria-busy={issue.isPending || undefined}
            onClick={askIssue}
          >
            {props.r.lastActivation || props.r.account ? t("reg.activation.reissue") : t("reg.activation.issue")}
          </button>
          <Show when={outstanding() || props.r.account?.active}>
            <button type="button" class="btn btn-danger" disabled={revoke.isPending} onClick={askRevoke}>
              {t("reg.activation.revoke")}
            </button>
          </Show>
        </div>
        <p class="hint">{t("reg.activation.hint")}</p>
      </Show>
      <Confirmation pending={pending()} onDone={() => setPending(null)} />
    </section>
  );
}

function EditCard(props: { r: ResidentFull; user: ConsoleUser; onDone: (n: Note | null) => void }) {
  const qc = useQueryClient();
  const [open, setOpen] = createSignal(false);
  const initial = () => ({
    name: props.r.name,
    birthDate: props.r.birthDate,
    phone: "",
    householdId: props.r.householdId ?? "",
    householdLabel: props.r.household?.address ?? "",
    groupId: props.r.groupId ?? "",
    isHouseholdRep: props.r.isHouseholdRep,
    isRepresentative: props.r.isRepresentative,
  });
  return (
    <section class="card" aria-labelledby="res-edit-h">
      <div class="page-head">
        <h2 id="res-edit-h">{t("reg.edit.title")}</h2>
        <Show when={!open()}>
          <button
            type="button"
            class="btn"
            aria-expanded="false"
            aria-controls="res-edit-form"
            onClick={() => {
              props.onDone(null);
              setOpen(true);
            }}
          >
            {t("reg.edit.open")}
          </button>
        </Show>
      </div>
      <Show when={open()} fallback={<p class="hint">{t("reg.edit.intro")}</p>}>
        <div id="res-edit-form">
          <ResidentForm
            user={props.user}
            mode="edit"
            initial={initial()}
            maskedPhone={props.r.phone}
            submitLabel={t("action.save")}
            onSubmit={(v, replaceRep) =>
              api.residents.update.mutate({
                id: props.r.id,
                name: v.name.trim(),
                birthDate: v.birthDate,
                ...(v.phone.trim() ? { phone: v.phone.trim() } : {}),
                householdId: v.householdId || null,
                groupId: v.groupId || null,
                isHouseholdRep: v.householdId ? v.isHouseholdRep : false,
                isRepresentative: v.isRepresentative,
                replaceRep: replaceRep || undefined,
              })
            }
            onDone={async () => {
              setOpen(false);
              props.onDone(note("reg.edit.done"));
              await Promise.all([
                qc.invalidateQueries({ queryKey: ["residents.get", props.r.id] }),
                qc.invalidateQueries({ queryKey: ["residents.list"] }),
                qc.invalidateQueries({ queryKey: ["residents.households.list"] }),
                qc.invalidateQueries({ queryKey: ["residents.groups.list"] }),
              ]);
            }}
            onCancel={() => setOpen(false)}
          />
        </div>
      </Show>
    </section>
  );
}

function MoveOutCard(props: { r: ResidentFull; onDone: (n: Note | null) => void }) {
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [date, setDate] = createSignal(todayShanghai());
  const [pending, setPending] = createSignal<PendingConfirm | null>(null);
  const moveOut = createMutation(() => ({
    mutationFn: () => api.residents.moveOut.mutate({ id: props.r.id, movedOutOn: date() }),
    onMutate: () => {
      errors.clear();
      props.onDone(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      props.onDone(note("reg.moveOut.done", { name: props.r.name }));
      await Promise.all([
        qc.invalidateQueries({ queryKey: ["residents.get", props.r.id] }),
        qc.invalidateQueries({ queryKey: ["residents.list"] }),
        qc.invalidateQueries({ queryKey: ["residents.households.list"] }),
        qc.invalidateQueries({ queryKey: ["residents.groups.list"] }),
      ]);
    },
  }));
  return (
    <section class="card" aria-labelledby="res-move-h">
      <h2 id="res-move-h">{t("reg.moveOut.title")}</h2>
      <p class="hint">{t("reg.moveOut.intro")}</p>
      <form
        class="form"
        novalidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!isCalendarDate(date()) || date() > todayShanghai())
            return errors.setFields({ movedOutOn: t("reg.err.moveDateBad") });
          errors.clear();
          setPending({
            title: t("reg.moveOut.confirmTitle", { name: props.r.name }),
            message: (
              <>
                <p>{t("reg.moveOut.confirmText", { name: props.r.name, date: date() })}</p>
                <ul>
                  <li>{t("reg.moveOut.effect.record")}</li>
                  <li>{t("reg.moveOut.effect.roles")}</li>
                  <li>{t("reg.moveOut.effect.login")}</li>
                </ul>
                <p>
                  <strong>{t("reg.moveOut.irreversible")}</strong>
                </p>
              </>
            ),
            danger: true,
            run: () => moveOut.mutate(),
          });
        }}
      >
        <FormAlert errors={errors} />
        <Field id="res-movedOutOn" label={t("reg.field.movedOutOn")} error={errors.field("movedOutOn")}>
          <input
            id="res-movedOutOn"
            name="movedOutOn"
            type="date"
            max={todayShanghai()}
            value={date()}
            onInput={(e) => setDate(e.currentTarget.value)}
            {...fieldAria("res-movedOutOn", errors.field("movedOutOn"))}
          />
        </Field>
        <div class="btn-row">
          <button type="submit" class="btn btn-danger" disabled={moveOut.isPending}>
            {t("reg.moveOut.submit")}
          </button>
        </div>
      </form>
      <Confirmation pending={pending()} onDone={() => setPending(null)} />
    </section>
  );
}

function HistoryCard(props: { r: ResidentFull; user: ConsoleUser }) {
  const text = (h: ResidentFull["history"][number]) => {
    const d = (h.detail ?? {}) as { to?: string | null };
    if (h.kind === "moved" && d.to && d.to === props.r.household?.id)
      return t("reg.history.movedTo", { address: props.r.household.address });
    return historyText(h, props.user);
  };
  return (
    <section class="card" aria-labelledby="res-history-h">
      <h2 id="res-history-h">{t("reg.history.title")}</h2>
      <Show when={props.r.history.length} fallback={<p class="muted">{t("reg.history.empty")}</p>}>
        <ol class="reg-timeline">
          <For each={props.r.history}>
            {(h) => (
              <li data-kind={h.kind}>
                <div class="reg-timeline-head">
                  <span class="badge badge-info">{historyKindLabel(h.kind)}</span>
                  <time class="meta">{formatDateTime(h.at)}</time>
                </div>
                <div>{text(h)}</div>
                <div class="meta">{t("reg.history.by", { name: h.actorName })}</div>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}
