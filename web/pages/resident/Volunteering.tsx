import { A } from "@solidjs/router";
import { createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { shanghaiDate } from "../../../shared/rules/eligibility";
import {
  checkInOpensAt,
  checkInPath,
  checkState,
  clock,
  ConfirmAction,
  dayTime,
  duration,
  isRegistered,
  kindLabel,
  Live,
  mineQuery,
  ResidentOnly,
  ShiftHead,
  shiftWhen,
  TeamConditions,
  useNow,
  volunteersPath,
  whyText,
  type Mine,
  type MyShift,
  type MyTeam,
  type MyVolunteer,
  type Registered,
} from "../../components/volunteers/common";
import { useTitle } from "../../components/public/util";
import { t, type Key } from "../../i18n";
import { formatDate } from "../../lib/format";
import { api, errorMessage, fieldErrors } from "../../lib/trpc";

type Place = { street: string; community: string };

/**
 * "/me/volunteer": a resident's volunteering — register (skills, availability, consent to show a
 * masked name, teams to join); once registered the approval status, guardian consent and
 * insurance on record, teams (join more), shifts of my teams with 报名 / 取消报名, and links to the
 * service record and, for a team leader, the team's page.
 */
export default function Volunteering() {
  useTitle(() => t("vol.me.title"));
  return (
    <div class="narrow me-page vol-page">
      <ResidentOnly title={t("vol.me.title")} next="/me/volunteer">
        {(user) => <MyVolunteering street={user.street?.slug ?? ""} community={user.community?.slug ?? ""} />}
      </ResidentOnly>
    </div>
  );
}

function MyVolunteering(props: Place) {
  const mine = createQuery(mineQuery);
  return (
    <>
      <p class="crumbs">
        <A href="/me">{t("vol.backMe")}</A>
      </p>
      <h1>{t("vol.me.title")}</h1>
      <Live query={mine}>
        {(m) => (
          <Show
            when={isRegistered(m()) && (m() as Registered)}
            fallback={<RegisterForm teams={m().teams} place={props} />}
          >
            {(r) => <Dashboard mine={r} place={props} />}
          </Show>
        )}
      </Live>
    </>
  );
}

/** Skills, availability and the consent to show one's name: the same fields to register and to edit. */
function ProfileFields(props: {
  skills: string;
  availability: string;
  showName: boolean;
  onSkills: (v: string) => void;
  onAvailability: (v: string) => void;
  onShowName: (v: boolean) => void;
  errors: Record<string, string>;
  idPrefix: string;
}) {
  const id = (f: string) => `${props.idPrefix}-${f}`;
  return (
    <>
      <div class="field">
        <label for={id("skills")}>{t("vol.field.skills")}</label>
        <textarea
          id={id("skills")}
          class="short prose"
          maxLength={500}
          value={props.skills}
          onInput={(e) => props.onSkills(e.currentTarget.value)}
          aria-describedby={`${id("skills")}-hint ${id("skills")}-error`}
          aria-invalid={props.errors.skills ? "true" : undefined}
        />
        <span class="hint" id={`${id("skills")}-hint`}>
          {t("vol.field.skillsHint")}
        </span>
        <span class="error" id={`${id("skills")}-error`}>
          {props.errors.skills ?? ""}
        </span>
      </div>
      <div class="field">
        <label for={id("availability")}>{t("vol.field.availability")}</label>
        <input
          id={id("availability")}
          maxLength={500}
          value={props.availability}
          onInput={(e) => props.onAvailability(e.currentTarget.value)}
          aria-describedby={`${id("availability")}-hint ${id("availability")}-error`}
          aria-invalid={props.errors.availability ? "true" : undefined}
        />
        <span class="hint" id={`${id("availability")}-hint`}>
          {t("vol.field.availabilityHint")}
        </span>
        <span class="error" id={`${id("availability")}-error`}>
          {props.errors.availability ?? ""}
        </span>
      </div>
      <div class="field vol-consent">
        <label class="check vol-check">
          <input
            type="checkbox"
            checked={props.showName}
            onChange={(e) => props.onShowName(e.currentTarget.checked)}
            aria-describedby={`${id("show")}-hint`}
            data-testid="vol-show-name"
          />
          <span>{t("vol.field.showName")}</span>
        </label>
        <span class="hint" id={`${id("show")}-hint`}>
          {t("vol.field.showNameHint")}
        </span>
      </div>
    </>
  );
}

function RegisterForm(props: { teams: Mine["teams"]; place: Place }) {
  const qc = useQueryClient();
  const [skills, setSkills] = createSignal("");
  const [availability, setAvailability] = createSignal("");
  const [showName, setShowName] = createSignal(false);
  const [teamIds, setTeamIds] = createSignal<string[]>([]);
  const [busy, setBusy] = createSignal(false);
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal("");
  const toggle = (id: string, on: boolean) => setTeamIds((ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)));

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy()) return;
    setBusy(true);
    setErrors({});
    setError("");
    try {
      await api.volunteers.register.mutate({
        skills: skills().trim(),
        availability: availability().trim(),
        showName: showName(),
        teamIds: teamIds(),
      });
      await qc.invalidateQueries({ queryKey: ["volunteers.mine"] });
    } catch (err) {
      const f = fieldErrors(err);
      setErrors(f);
      setError(f.teamIds ?? (Object.keys(f).length ? "" : errorMessage(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="vol-register-h">
      <h2 id="vol-register-h">{t("vol.register.title")}</h2>
      <p>{t("vol.register.intro")}</p>
      <ul class="vol-points meta">
        <li>{t("vol.register.point.approval")}</li>
        <li>{t("vol.register.point.record")}</li>
        <li>{t("vol.register.point.privacy")}</li>
        <li>{t("vol.register.point.minors")}</li>
      </ul>
      <form class="form" onSubmit={submit} novalidate data-testid="vol-register">
        <ProfileFields
          skills={skills()}
          availability={availability()}
          showName={showName()}
          onSkills={setSkills}
          onAvailability={setAvailability}
          onShowName={setShowName}
          errors={errors()}
          idPrefix="vol-reg"
        />
        <fieldset class="radio-group vol-team-pick">
          <legend>{t("vol.register.teams")}</legend>
          <p class="hint">{t("vol.register.teamsHint")}</p>
          <Show when={props.teams.length > 0} fallback={<p class="muted">{t("vol.teams.none")}</p>}>
            <For each={props.teams}>
              {(team) => {
                const on = () => teamIds().includes(team.id);
                return (
                  <label class="vol-pick" classList={{ checked: on() }} data-testid="vol-team" data-team-id={team.id}>
                    <input
                      type="checkbox"
                      checked={on()}
                      disabled={!on() && teamIds().length >= 10}
                      onChange={(e) => toggle(team.id, e.currentTarget.checked)}
                    />
                    <span class="vol-pick-body">
                      <span class="vol-pick-title">
                        <strong>{team.name}</strong> <span class="badge badge-info">{kindLabel(team.kind)}</span>
                      </span>
                      <Show when={team.description}>
                        <span class="meta vol-pick-desc">{team.description}</span>
                      </Show>
                      <TeamConditions team={team} />
                    </span>
                  </label>
                );
              }}
            </For>
          </Show>
        </fieldset>
        <p class="vol-error" role="alert">
          {error()}
        </p>
        <button
          type="submit"
          class="btn btn-primary btn-block mtgpub-big"
          disabled={busy()}
          data-testid="vol-register-submit"
        >
          {busy() ? t("vol.busy") : t("vol.register.submit")}
        </button>
        <p class="meta">
          <A href={volunteersPath(props.place.street, props.place.community)}>{t("vol.publicPage")} →</A>
        </p>
      </form>
    </section>
  );
}

const STATUS_BADGE: Record<string, string> = { pending: "badge-warn", active: "badge-ok", inactive: "badge-muted" };

function Dashboard(props: { mine: () => Registered; place: Place }) {
  const qc = useQueryClient();
  const m = props.mine;
  const now = useNow();
  const [notice, setNotice] = createSignal("");
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ["volunteers.mine"] }),
      qc.invalidateQueries({ queryKey: ["volunteers.myRecord"] }),
      qc.invalidateQueries({ queryKey: ["volunteers.openShifts"] }),
    ]);
  const teamOf = (s: MyShift) => m().teams.find((x) => x.id === s.teamId);
  const signed = () => m().shifts.filter((s) => s.signup);
  const open = () => m().shifts.filter((s) => !s.signup && s.startsAt > now());
  const leads = () => m().teams.filter((x) => x.leads);

  return (
    <>
      <StatusCard volunteer={m().volunteer} />
      <p class="banner banner-ok vol-notice" role="status" hidden={!notice()} data-testid="vol-notice">
        {notice()}
      </p>

      <section class="card" aria-labelledby="vol-mine-h" data-testid="vol-my-shifts">
        <h2 id="vol-mine-h">{t("vol.mine.title")}</h2>
        <Show when={signed().length > 0} fallback={<p class="muted">{t("vol.mine.none")}</p>}>
          <ul class="list vol-shifts">
            <For each={signed()}>
              {(s) => (
                <SignedShift
                  shift={s}
                  team={teamOf(s)}
                  place={props.place}
                  now={now}
                  onCancelled={async () => {
                    setNotice(t("vol.cancel.done", { task: s.task, when: shiftWhen(s) }));
                    await refresh();
                  }}
                />
              )}
            </For>
          </ul>
        </Show>
      </section>

      <section class="card" aria-labelledby="vol-open-h" data-testid="vol-open-shifts">
        <h2 id="vol-open-h">{t("vol.open.title")}</h2>
        <p class="meta">{t("vol.open.hint")}</p>
        <Show
          when={open().length > 0}
          fallback={
            <p class="muted">
              {m().teams.some((x) => x.membership === "active") ? t("vol.open.none") : t("vol.open.noTeam")}
            </p>
          }
        >
          <ul class="list vol-shifts">
            <For each={open()}>
              {(s) => (
                <OpenShift
                  shift={s}
                  team={teamOf(s)}
                  onSignedUp={async () => {
                    setNotice(t("vol.signup.done", { task: s.task, when: shiftWhen(s) }));
                    await refresh();
                  }}
                  onError={refresh}
                />
              )}
            </For>
          </ul>
        </Show>
      </section>

      <section class="card" aria-labelledby="vol-teams-h">
        <h2 id="vol-teams-h">{t("vol.teams.title")}</h2>
        <Show when={m().teams.length > 0} fallback={<p class="muted">{t("vol.teams.none")}</p>}>
          <ul class="list">
            <For each={m().teams}>{(team) => <TeamItem team={team} onJoined={refresh} />}</For>
          </ul>
        </Show>
      </section>

      <A href="/me/volunteer/record" class="card card-link" data-testid="vol-record-link">
        <strong>{t("vol.record.link")} →</strong>
        <span class="meta">{t("vol.record.linkHint")}</span>
      </A>
      <For each={leads()}>
        {(team) => (
          <A
            href={`/me/lead/${encodeURIComponent(team.id)}`}
            class="card card-link"
            data-testid="vol-lead-link"
            data-team-id={team.id}
          >
            <strong>{t("vol.lead.link", { team: team.name })} →</strong>
            <span class="meta">{t("vol.lead.linkHint")}</span>
          </A>
        )}
      </For>
      <p class="meta">
        <A href={volunteersPath(props.place.street, props.place.community)}>{t("vol.publicPage")} →</A>
      </p>
    </>
  );
}

function StatusCard(props: { volunteer: MyVolunteer }) {
  const v = () => props.volunteer;
  const [editing, setEditing] = createSignal(false);
  const today = () => shanghaiDate(Date.now());
  return (
    <section class="card" aria-labelledby="vol-status-h" data-testid="vol-status" data-status={v().status}>
      <h2 id="vol-status-h">{t("vol.status.title")}</h2>
      <p class="vol-status-line">
        <span class={`badge vol-badge-big ${STATUS_BADGE[v().status] ?? "badge-muted"}`}>
          {t(`vol.status.${v().status}` as Key)}
        </span>{" "}
        <Switch>
          <Match when={v().status === "pending"}>
            <span>{t("vol.status.pendingHint")}</span>
          </Match>
          <Match when={v().status === "active" && v().approvedAt}>
            <span class="meta">{t("vol.status.activeSince", { at: formatDate(v().approvedAt) })}</span>
          </Match>
          <Match when={v().status === "inactive"}>
            <span>{t("vol.status.inactiveHint")}</span>
          </Match>
        </Switch>
      </p>
      <Show when={v().needsGuardian}>
        <Show
          when={v().guardianConsentAt}
          fallback={
            <p class="banner banner-warn" data-testid="vol-guardian">
              {t("vol.guardian.needed")}
            </p>
          }
        >
          <p class="banner banner-ok" data-testid="vol-guardian">
            {t("vol.guardian.ok", { name: v().guardianName ?? "", at: formatDate(v().guardianConsentAt) })}
          </p>
        </Show>
      </Show>
      <dl class="kv">
        <dt>{t("vol.field.insurance")}</dt>
        <dd data-testid="vol-insurance">
          <Switch fallback={<span class="muted">{t("vol.ins.none")}</span>}>
            <Match when={v().insuredUntil && v().insuredUntil! >= today()}>
              {t("vol.ins.until", { insurer: v().insurer ?? "", until: v().insuredUntil ?? "" })}
            </Match>
            <Match when={v().insuredUntil}>
              <span class="badge badge-warn">{t("vol.ins.expired", { until: v().insuredUntil ?? "" })}</span>
            </Match>
          </Switch>
        </dd>
        <dt>{t("vol.field.skills")}</dt>
        <dd class="pre-line">{v().skills || t("vol.none")}</dd>
        <dt>{t("vol.field.availability")}</dt>
        <dd>{v().availability || t("vol.none")}</dd>
        <dt>{t("vol.field.showNameShort")}</dt>
        <dd data-testid="vol-show-name-state">{t(v().showName ? "vol.showName.on" : "vol.showName.off")}</dd>
      </dl>
      <Show when={!v().insuredUntil || v().insuredUntil! < today()}>
        <p class="meta">{t("vol.ins.hint")}</p>
      </Show>
      <Show
        when={editing()}
        fallback={
          <button type="button" class="btn" onClick={() => setEditing(true)} data-testid="vol-edit">
            {t("vol.edit")}
          </button>
        }
      >
        <EditProfile volunteer={v()} onDone={() => setEditing(false)} />
      </Show>
    </section>
  );
}

function EditProfile(props: { volunteer: MyVolunteer; onDone: () => void }) {
  const qc = useQueryClient();
  const [skills, setSkills] = createSignal(props.volunteer.skills);
  const [availability, setAvailability] = createSignal(props.volunteer.availability);
  const [showName, setShowName] = createSignal(props.volunteer.showName);
  const [busy, setBusy] = createSignal(false);
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal("");
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy()) return;
    setBusy(true);
    setErrors({});
    setError("");
    try {
      await api.volunteers.updateSelf.mutate({
        skills: skills().trim(),
        availability: availability().trim(),
        showName: showName(),
      });
      await qc.invalidateQueries({ queryKey: ["volunteers.mine"] });
      props.onDone();
    } catch (err) {
      const f = fieldErrors(err);
      setErrors(f);
      setError(Object.keys(f).length ? "" : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="form vol-edit" onSubmit={submit} novalidate data-testid="vol-edit-form">
      <ProfileFields
        skills={skills()}
        availability={availability()}
        showName={showName()}
        onSkills={setSkills}
        onAvailability={setAvailability}
        onShowName={setShowName}
        errors={errors()}
        idPrefix="vol-edit"
      />
      <p class="vol-error" role="alert">
        {error()}
      </p>
      <div class="btn-row">
        <button type="submit" class="btn btn-primary" disabled={busy()} data-testid="vol-edit-save">
          {busy() ? t("vol.busy") : t("vol.save")}
        </button>
        <button type="button" class="btn" onClick={() => props.onDone()}>
          {t("vol.confirm.back")}
        </button>
      </div>
    </form>
  );
}

const MEMBERSHIP_BADGE: Record<string, string> = { active: "badge-ok", pending: "badge-warn" };

function TeamItem(props: { team: MyTeam; onJoined: () => Promise<unknown> }) {
  const team = () => props.team;
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");
  const member = () => team().membership === "active" || team().membership === "pending";
  const join = async () => {
    if (busy()) return;
    setBusy(true);
    setError("");
    try {
      await api.volunteers.joinTeam.mutate({ teamId: team().id });
      await props.onJoined();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li data-testid="vol-team" data-team-id={team().id} data-membership={team().membership ?? "none"}>
      <div class="mtgpub-row-head">
        <strong>{team().name}</strong>
        <span class="badge badge-info">{kindLabel(team().kind)}</span>
        <Show when={member()}>
          <span class={`badge ${MEMBERSHIP_BADGE[team().membership ?? ""]}`}>
            {t(`vol.membership.${team().membership}` as Key)}
          </span>
        </Show>
        <Show when={team().leads}>
          <span class="badge badge-ok">{t("vol.leader")}</span>
        </Show>
      </div>
      <Show when={team().description}>
        <p class="meta pre-line">{team().description}</p>
      </Show>
      <TeamConditions team={team()} />
      <Show when={team().membership === "pending"}>
        <p class="meta">{t("vol.membership.pendingHint")}</p>
      </Show>
      <Show when={!member()}>
        <Show
          when={!team().joinProblem}
          fallback={
            <p class="vol-problem" data-testid="vol-join-problem" data-reason={team().joinProblem ?? ""}>
              {whyText(team().joinProblem, { team: team().name })}
            </p>
          }
        >
          <button type="button" class="btn vol-wide" disabled={busy()} onClick={join} data-testid="vol-join">
            {busy() ? t("vol.busy") : t("vol.join", { team: team().name })}
          </button>
        </Show>
      </Show>
      <p class="vol-error" role="alert">
        {error()}
      </p>
    </li>
  );
}

function OpenShift(props: {
  shift: MyShift;
  team: MyTeam | undefined;
  onSignedUp: () => Promise<unknown>;
  onError: () => unknown;
}) {
  const s = () => props.shift;
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");
  const left = () => Math.max(0, s().capacity - s().signedUp);
  const cutoff = () => props.team?.cancelCutoffHours ?? 0;
  const problemId = `vol-problem-${s().id}`;
  const signUp = async () => {
    if (busy()) return;
    setBusy(true);
    setError("");
    try {
      await api.volunteers.signUp.mutate({ shiftId: s().id });
      await props.onSignedUp();
    } catch (err) {
      setError(errorMessage(err));
      // The shift may have filled up or been cancelled meanwhile.
      void props.onError();
    } finally {
      setBusy(false);
    }
  };
  return (
    <li class="vol-shift" data-testid="vol-shift" data-shift-id={s().id} data-signed-up="false">
      <ShiftHead shift={{ ...s(), teamName: s().teamName }} />
      <p class="vol-places">
        <span class={`badge ${left() > 0 ? "badge-info" : "badge-muted"}`} data-testid="vol-places">
          {left() > 0 ? t("vol.places.left", { n: left() }) : t("vol.places.full")}
        </span>{" "}
        <span class="meta">{t("vol.places.of", { n: s().signedUp, cap: s().capacity })}</span>
      </p>
      <Show
        when={!s().signUpProblem}
        fallback={
          <>
            <button type="button" class="btn btn-block" disabled aria-describedby={problemId} data-testid="vol-signup">
              {t("vol.signup")}
            </button>
            <p
              class="vol-problem"
              id={problemId}
              data-testid="vol-signup-problem"
              data-reason={s().signUpProblem ?? ""}
            >
              {whyText(s().signUpProblem, { team: s().teamName })}
            </p>
          </>
        }
      >
        <button
          type="button"
          class="btn btn-primary btn-block vol-big"
          disabled={busy()}
          onClick={signUp}
          aria-describedby={`${problemId}-cutoff`}
          data-testid="vol-signup"
        >
          {busy() ? t("vol.busy") : t("vol.signup")}
        </button>
        <p class="meta" id={`${problemId}-cutoff`}>
          {cutoff() > 0
            ? t("vol.cutoff.note", { hours: cutoff(), at: dayTime(s().startsAt - cutoff() * 3600_000) })
            : t("vol.cutoff.noteAny")}
        </p>
      </Show>
      <p class="vol-error" role="alert">
        {error()}
      </p>
    </li>
  );
}

const STATE_BADGE: Record<string, string> = {
  early: "badge-info",
  open: "badge-warn",
  in: "badge-ok",
  done: "badge-ok",
  missed: "badge-bad",
};

function SignedShift(props: {
  shift: MyShift;
  team: MyTeam | undefined;
  place: Place;
  now: () => number;
  onCancelled: () => Promise<unknown>;
}) {
  const s = () => props.shift;
  const signup = () => s().signup!;
  const state = () => checkState(s(), s().signup, props.now());
  const cutoff = () => props.team?.cancelCutoffHours ?? 0;
  const stateText = () => {
    switch (state()) {
      case "early":
        return t("vol.state.early", { at: clock(checkInOpensAt(s())) });
      case "open":
        return t("vol.state.open");
      case "in":
        return t("vol.state.in", { at: clock(signup().checkInAt) });
      case "done":
        return t("vol.state.done", { minutes: duration(signup().minutes) });
      default:
        return t("vol.state.missed");
    }
  };
  return (
    <li
      class="vol-shift vol-shift-mine"
      data-testid="vol-shift"
      data-shift-id={s().id}
      data-signed-up="true"
      data-state={state()}
    >
      <ShiftHead shift={s()} />
      <p class="vol-state">
        <span class={`badge ${STATE_BADGE[state()] ?? "badge-muted"}`} data-testid="vol-check-state">
          {t(`vol.stateBadge.${state()}` as Key)}
        </span>{" "}
        <span>{stateText()}</span>
      </p>
      <Switch>
        <Match when={state() === "open" || state() === "in"}>
          <A
            href={checkInPath(props.place.street, props.place.community, s().id)}
            class="btn btn-primary btn-block vol-big"
            data-testid="vol-go-check-in"
          >
            {t(state() === "in" ? "vol.goCheckOut" : "vol.goCheckIn")}
          </A>
        </Match>
        <Match when={state() === "early"}>
          <Show
            when={s().canCancel}
            fallback={
              <p class="meta" data-testid="vol-cancel-closed">
                {t("vol.cancel.closed", { hours: cutoff() })}
              </p>
            }
          >
            <p class="meta">
              {cutoff() > 0
                ? t("vol.cancel.until", { at: dayTime(s().startsAt - cutoff() * 3600_000), hours: cutoff() })
                : t("vol.cutoff.noteAny")}
            </p>
            <ConfirmAction
              label={t("vol.cancel")}
              question={t("vol.cancel.question", { task: s().task, when: shiftWhen(s()) })}
              confirmLabel={t("vol.cancel.confirm")}
              testid="vol-cancel"
              class="btn-danger"
              onConfirm={async () => {
                await api.volunteers.cancel.mutate({ shiftId: s().id });
                await props.onCancelled();
              }}
            />
          </Show>
        </Match>
      </Switch>
    </li>
  );
}
