import "../../styles/volunteers-console.css";
import { A, useSearchParams } from "@solidjs/router";
import { createMutation, createQuery, useQueryClient } from "@tanstack/solid-query";
import { createEffect, createSignal, For, on, Show } from "solid-js";
import { ADULT_TASK_AGE } from "../../../shared/rules/volunteers";
import { Confirmation, Dialog, type PendingConfirm } from "../../components/console/Dialog";
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
import {
  hoursFigure,
  Loaded,
  TEAM_KINDS,
  teamKindLabel,
  todayBj,
  VolunteerSubNav,
} from "../../components/volunteers/VolunteerConsoleBits";
import { t } from "../../i18n";
import { formatDate } from "../../lib/format";
import { api } from "../../lib/trpc";

type Team = Awaited<ReturnType<typeof api.volunteers.teamList.query>>[number];
type Members = Awaited<ReturnType<typeof api.volunteers.teamMembers.query>>;
type Member = Members["members"][number];
type TeamKind = (typeof TEAM_KINDS)[number];

/** /admin/volunteers: the community's volunteer teams and patrol rosters, their members and requests. */
export default function VolunteerTeams() {
  const user = useConsoleUser();
  const communityId = () => user().community!.id;
  const writer = () => isWriter(user().role);
  const [search, setSearch] = useSearchParams<{ team?: string }>();
  const [editing, setEditing] = createSignal<Team | "new" | null>(null);
  const [done, setDone] = createSignal<Note | null>(null);
  const teams = createQuery(() => ({
    queryKey: ["volunteers.teamList", communityId()],
    queryFn: () => api.volunteers.teamList.query({ communityId: communityId() }),
  }));
  const openTeam = () => teams.data?.find((x) => x.id === search.team) ?? null;
  const qc = useQueryClient();
  // An archived team leaves the public pages and takes no new members; its record and hours stay.
  const archive = createMutation(() => ({
    mutationFn: (a: { teamId: string; archived: boolean }) => api.volunteers.teamArchive.mutate(a),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["volunteers.teamList", communityId()] }),
  }));
  // A disclosure: focus stays on the toggle, the panel scrolls into view below the list.
  const showMembers = (id: string | null) => setSearch({ team: id ?? undefined });
  return (
    <div class="console-page volc-page">
      <VolunteerSubNav />
      <div class="page-head">
        <h1>{t("volc.teams.title")}</h1>
        <Show when={writer()}>
          <button
            type="button"
            class="btn btn-primary"
            data-testid="team-create"
            onClick={() => {
              setDone(null);
              setEditing("new");
            }}
          >
            {t("volc.teams.new")}
          </button>
        </Show>
      </div>
      <p class="muted">{t("volc.teams.intro")}</p>
      <SuccessNote note={done()} />
      <Loaded query={teams}>
        {(list) => (
          <Show
            when={list().length}
            fallback={
              <Empty>
                <p data-testid="team-empty">{t("volc.teams.empty")}</p>
                <Show when={writer()}>
                  <button type="button" class="btn" onClick={() => setEditing("new")}>
                    {t("volc.teams.new")}
                  </button>
                </Show>
              </Empty>
            }
          >
            <div class="table-wrap card">
              <table class="table table-stack volc-table" data-testid="team-list">
                <thead>
                  <tr>
                    <th scope="col">{t("volc.teams.col.team")}</th>
                    <th scope="col">{t("volc.teams.col.leader")}</th>
                    <th scope="col">{t("volc.teams.col.rules")}</th>
                    <th scope="col" class="volc-num">
                      {t("volc.teams.col.members")}
                    </th>
                    <th scope="col" class="volc-num">
                      {t("volc.teams.col.hours")}
                    </th>
                    <th scope="col">
                      <span class="sr-only">{t("volc.col.actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={list()}>
                    {(team) => (
                      <tr
                        data-testid="team-row"
                        data-team-id={team.id}
                        classList={{ "volc-row-open": search.team === team.id }}
                      >
                        <td data-label={t("volc.teams.col.team")}>
                          <strong class="volc-name">{team.name}</strong>{" "}
                          <span class="badge badge-muted">{teamKindLabel(team.kind)}</span>
                          <Show when={team.archivedAt}>
                            {" "}
                            <span class="badge badge-bad">{t("volc.teams.archived")}</span>
                          </Show>
                          <Show when={team.description}>
                            <div class="meta volc-clip">{team.description}</div>
                          </Show>
                        </td>
                        <td class="volc-keep" data-label={t("volc.teams.col.leader")}>
                          {team.leaderName ?? <span class="muted">{t("volc.teams.noLeader")}</span>}
                        </td>
                        <td data-label={t("volc.teams.col.rules")}>
                          <div class="volc-badges">
                            <span class={`badge ${team.isPublic ? "badge-ok" : "badge-muted"}`}>
                              {team.isPublic ? t("volc.teams.public") : t("volc.teams.notPublic")}
                            </span>
                            <Show when={team.risky}>
                              <span class="badge badge-warn" data-testid="team-risky">
                                {t("volc.teams.risky")}
                              </span>
                            </Show>
                            <Show when={team.adultsOnly}>
                              <span class="badge badge-warn" data-testid="team-adults-only">
                                {t("volc.teams.adultsOnly")}
                              </span>
                            </Show>
                          </div>
                          <div class="meta">{t("volc.teams.cutoffLine", { h: team.cancelCutoffHours })}</div>
                        </td>
                        <td class="volc-num" data-label={t("volc.teams.col.members")}>
                          <span data-testid="team-members-count">{team.members}</span>
                          <Show when={team.pending}>
                            <div>
                              <span class="badge badge-warn" data-testid="team-pending">
                                {t("volc.teams.pendingN", { n: team.pending })}
                              </span>
                            </div>
                          </Show>
                        </td>
                        <td class="volc-num nowrap" data-label={t("volc.teams.col.hours")}>
                          {t("volc.hoursShort", { h: hoursFigure(team.minutesThisYear) })}
                        </td>
                        <td class="volc-actions-cell">
                          <div class="row-actions volc-row-actions">
                            <button
                              type="button"
                              class="btn btn-small"
                              data-testid="team-members"
                              aria-expanded={search.team === team.id}
                              aria-controls="volc-members"
                              aria-label={t("volc.teams.membersOf", { team: team.name })}
                              onClick={() => showMembers(search.team === team.id ? null : team.id)}
                            >
                              {t("volc.teams.membersBtn")}
                            </button>
                            <Show when={writer()}>
                              <button
                                type="button"
                                class="btn btn-small"
                                data-testid="team-edit"
                                aria-label={t("volc.teams.editOf", { team: team.name })}
                                onClick={() => {
                                  setDone(null);
                                  setEditing(team);
                                }}
                              >
                                {t("action.edit")}
                              </button>
                              <button
                                type="button"
                                class="btn btn-small"
                                data-testid="team-archive"
                                disabled={archive.isPending}
                                onClick={() => archive.mutate({ teamId: team.id, archived: !team.archivedAt })}
                              >
                                {t(team.archivedAt ? "volc.teams.restore" : "volc.teams.archive")}
                              </button>
                            </Show>
                          </div>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
            <Show when={openTeam()} keyed>
              {(team) => <MembersPanel team={team} onClose={() => showMembers(null)} onDone={setDone} />}
            </Show>
          </Show>
        )}
      </Loaded>
      <Show when={editing()} keyed>
        {(e) => (
          <TeamDialog
            team={e === "new" ? null : e}
            onClose={() => setEditing(null)}
            onSaved={(name, created) => {
              setEditing(null);
              setDone(note(created ? "volc.teams.created" : "volc.teams.saved", { name }));
            }}
          />
        )}
      </Show>
    </div>
  );
}

/** Create or edit a team: name, kind, rules (public, risky, adults only, cut-off), the leader. */
function TeamDialog(props: {
  team: Team | null;
  onClose: () => void;
  onSaved: (name: string, created: boolean) => void;
}) {
  const user = useConsoleUser();
  const communityId = () => user().community!.id;
  const qc = useQueryClient();
  const errors = createFormErrors();
  const init = props.team;
  const [name, setName] = createSignal(init?.name ?? "");
  const [kind, setKind] = createSignal<TeamKind>((init?.kind as TeamKind) ?? "patrol");
  const [description, setDescription] = createSignal(init?.description ?? "");
  const [isPublic, setPublic] = createSignal(init?.isPublic ?? true);
  const [risky, setRisky] = createSignal(init?.risky ?? false);
  const [adultsOnly, setAdultsOnly] = createSignal(init?.adultsOnly ?? false);
  const [cutoff, setCutoff] = createSignal(String(init?.cancelCutoffHours ?? 12));
  const [leader, setLeader] = createSignal(init?.leaderVolunteerId ?? "");
  // Leaders come from the community's approved volunteers.
  const active = createQuery(() => ({
    queryKey: ["volunteers.volunteerList", communityId(), "active", ""],
    queryFn: () => api.volunteers.volunteerList.query({ communityId: communityId(), status: "active", q: "" }),
  }));
  const leaderGone = () =>
    !!init?.leaderVolunteerId && !!active.data && !active.data.some((v) => v.id === init.leaderVolunteerId);
  const save = createMutation(() => ({
    mutationFn: async () => {
      const fields = {
        name: name().trim(),
        kind: kind(),
        description: description().trim(),
        isPublic: isPublic(),
        risky: risky(),
        adultsOnly: adultsOnly(),
        cancelCutoffHours: Number(cutoff()),
        leaderVolunteerId: leader() || null,
      };
      if (init) await api.volunteers.teamUpdate.mutate({ teamId: init.id, ...fields });
      else await api.volunteers.teamCreate.mutate({ communityId: communityId(), ...fields });
      return fields.name;
    },
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: async (saved) => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: ["volunteers.teamList"] }),
        qc.invalidateQueries({ queryKey: ["volunteers.teamMembers"] }),
      ]);
      props.onSaved(saved, !init);
    },
  }));
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (name().trim().length < 2) problems.name = t("volc.team.nameShort");
    const c = Number(cutoff());
    if (cutoff().trim() === "" || !Number.isInteger(c) || c < 0 || c > 168)
      problems.cancelCutoffHours = t("volc.team.cutoffBad");
    if (Object.keys(problems).length) return errors.setFields(problems);
    save.mutate();
  };
  const err = (f: string) => errors.field(f);
  const check = (id: string, value: () => boolean, set: (v: boolean) => void, label: string, hint: string) => (
    <div class="field volc-check">
      <label class="check" for={id}>
        <input
          id={id}
          type="checkbox"
          checked={value()}
          data-testid={id}
          aria-describedby={`${id}-hint`}
          onChange={(e) => set(e.currentTarget.checked)}
        />
        {label}
      </label>
      <div class="hint" id={`${id}-hint`}>
        {hint}
      </div>
    </div>
  );
  return (
    <Dialog
      title={init ? t("volc.team.editTitle", { team: init.name }) : t("volc.team.newTitle")}
      onClose={props.onClose}
    >
      <form class="form" novalidate onSubmit={submit} data-testid="team-form">
        <FormAlert errors={errors} />
        <Field id="volc-team-name" label={t("volc.team.name")} hint={t("volc.team.nameHint")} error={err("name")}>
          <input
            id="volc-team-name"
            name="name"
            type="text"
            maxLength={60}
            autocomplete="off"
            data-testid="team-name"
            value={name()}
            onInput={(e) => setName(e.currentTarget.value)}
            {...fieldAria("volc-team-name", err("name"), true)}
          />
        </Field>
        <Field id="volc-team-kind" label={t("volc.team.kind")} error={err("kind")}>
          <select
            id="volc-team-kind"
            name="kind"
            data-testid="team-kind"
            value={kind()}
            onChange={(e) => {
              const k = e.currentTarget.value as TeamKind;
              setKind(k);
              // A new patrol team is usually risky night work: suggest the safe rules.
              if (!init && k === "patrol") {
                setRisky(true);
                setAdultsOnly(true);
              }
            }}
            {...fieldAria("volc-team-kind", err("kind"))}
          >
            <For each={TEAM_KINDS}>
              {(k) => (
                <option value={k} selected={k === kind()}>
                  {teamKindLabel(k)}
                </option>
              )}
            </For>
          </select>
        </Field>
        <Field id="volc-team-desc" label={t("volc.team.description")} error={err("description")}>
          <textarea
            id="volc-team-desc"
            name="description"
            class="short prose"
            maxLength={2000}
            value={description()}
            onInput={(e) => setDescription(e.currentTarget.value)}
            {...fieldAria("volc-team-desc", err("description"))}
          />
        </Field>
        <Field
          id="volc-team-leader"
          label={t("volc.team.leader")}
          hint={t("volc.team.leaderHint")}
          error={err("leaderVolunteerId")}
        >
          <select
            id="volc-team-leader"
            name="leaderVolunteerId"
            data-testid="team-leader"
            value={leader()}
            disabled={active.isPending}
            onChange={(e) => setLeader(e.currentTarget.value)}
            {...fieldAria("volc-team-leader", err("leaderVolunteerId"), true)}
          >
            <option value="">{t("volc.team.noLeader")}</option>
            <Show when={leaderGone()}>
              <option value={init?.leaderVolunteerId ?? ""} selected={leader() === init?.leaderVolunteerId}>
                {t("volc.team.leaderInactive", { name: init?.leaderName ?? "" })}
              </option>
            </Show>
            <For each={active.data ?? []}>
              {(v) => (
                <option
                  value={v.id}
                  selected={leader() === v.id}
                  disabled={adultsOnly() && v.age < ADULT_TASK_AGE && leader() !== v.id}
                >
                  {adultsOnly() && v.age < ADULT_TASK_AGE
                    ? t("volc.team.leaderUnderage", { name: v.name, age: v.age })
                    : t("volc.team.leaderOption", { name: v.name, age: v.age })}
                </option>
              )}
            </For>
          </select>
        </Field>
        <Show when={active.isError}>
          <p class="meta" role="status">
            {t("volc.team.leadersFailed")}
          </p>
        </Show>
        <Show when={active.data && !active.data.length}>
          <p class="meta" role="status">
            {t("volc.team.noActive")}
          </p>
        </Show>
        <div class="volc-checks">
          {check("team-public", isPublic, setPublic, t("volc.team.public"), t("volc.team.publicHint"))}
          {check("team-risky", risky, setRisky, t("volc.team.risky"), t("volc.team.riskyHint"))}
          {check(
            "team-adults",
            adultsOnly,
            setAdultsOnly,
            t("volc.team.adultsOnly"),
            t("volc.team.adultsOnlyHint", { age: ADULT_TASK_AGE }),
          )}
        </div>
        <Field
          id="volc-team-cutoff"
          label={t("volc.team.cutoff")}
          hint={t("volc.team.cutoffHint")}
          error={err("cancelCutoffHours")}
        >
          <div class="volc-suffix">
            <input
              id="volc-team-cutoff"
              name="cancelCutoffHours"
              type="number"
              inputmode="numeric"
              min={0}
              max={168}
              step={1}
              data-testid="team-cutoff"
              value={cutoff()}
              onInput={(e) => setCutoff(e.currentTarget.value)}
              {...fieldAria("volc-team-cutoff", err("cancelCutoffHours"), true)}
            />
            <span>{t("volc.team.hoursUnit")}</span>
          </div>
        </Field>
        <div class="btn-row dialog-actions">
          <button type="button" class="btn" onClick={() => props.onClose()}>
            {t("action.cancel")}
          </button>
          <button
            type="submit"
            class="btn btn-primary"
            data-testid="team-save"
            disabled={save.isPending}
            aria-busy={save.isPending ? "true" : undefined}
          >
            {init ? t("action.save") : t("volc.team.create")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** A team's requests to join (approve or decline) and its members (remove, after asking). */
function MembersPanel(props: { team: Team; onClose: () => void; onDone: (n: Note | null) => void }) {
  const user = useConsoleUser();
  const writer = () => isWriter(user().role);
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [pending, setPending] = createSignal<PendingConfirm | null>(null);
  const query = createQuery(() => ({
    queryKey: ["volunteers.teamMembers", props.team.id],
    queryFn: () => api.volunteers.teamMembers.query({ teamId: props.team.id }),
    // Supervisors and street roles may read the team list but not this (staff or its leader only).
    enabled: writer(),
  }));
  const decide = createMutation(() => ({
    mutationFn: (input: { m: Member; approve: boolean; key: "approved" | "declined" | "removed" }) =>
      api.volunteers.decideMembership.mutate({
        teamId: props.team.id,
        volunteerId: input.m.volunteerId,
        approve: input.approve,
      }),
    onMutate: () => {
      errors.clear();
      props.onDone(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async (_r, input) => {
      props.onDone(note(`volc.members.${input.key}`, { name: input.m.name, team: props.team.name }));
      await Promise.all([
        qc.invalidateQueries({ queryKey: ["volunteers.teamMembers", props.team.id] }),
        qc.invalidateQueries({ queryKey: ["volunteers.teamList"] }),
        qc.invalidateQueries({ queryKey: ["volunteers.volunteerList"] }),
      ]);
    },
  }));
  const requests = () => (query.data?.members ?? []).filter((m) => m.status === "pending");
  const members = () => (query.data?.members ?? []).filter((m) => m.status === "active");
  const today = todayBj();
  const tooYoung = (m: Member) => props.team.adultsOnly && m.age < ADULT_TASK_AGE;
  const uninsured = (m: Member) => props.team.risky && !(m.insuredUntil && m.insuredUntil >= today);
  const facts = (m: Member) => (
    <div class="volc-badges">
      <span class="meta">{t("volc.ageN", { n: m.age })}</span>
      <Show when={m.volunteerStatus !== "active"}>
        <A href="/admin/volunteers/people?status=pending" class="badge badge-warn">
          {t(m.volunteerStatus === "pending" ? "volc.members.notApproved" : "volc.members.inactive")}
        </A>
      </Show>
      <Show when={tooYoung(m)}>
        <span class="badge badge-bad" data-testid="member-underage">
          {t("volc.members.underage", { age: ADULT_TASK_AGE })}
        </span>
      </Show>
      <Show when={uninsured(m)}>
        <span class="badge badge-warn" data-testid="member-uninsured">
          {t("volc.members.uninsured")}
        </span>
      </Show>
    </div>
  );
  let heading!: HTMLHeadingElement;
  createEffect(
    on(
      () => props.team.id,
      () => heading?.scrollIntoView({ block: "nearest" }),
    ),
  );
  return (
    <section class="card volc-members" id="volc-members" aria-labelledby="volc-members-h" data-testid="team-panel">
      <div class="page-head">
        <h2 id="volc-members-h" ref={heading} tabindex="-1">
          {t("volc.members.title", { team: props.team.name })}
        </h2>
        <button type="button" class="btn btn-small" data-testid="team-panel-close" onClick={() => props.onClose()}>
          {t("action.close")}
        </button>
      </div>
      <Show when={writer()} fallback={<p class="muted">{t("volc.members.staffOnly")}</p>}>
        <FormAlert errors={errors} />
        <Loaded query={query}>
          {() => (
            <>
              <h3>
                {t("volc.members.requests")} <span class="muted">({requests().length})</span>
              </h3>
              <Show when={requests().length} fallback={<p class="muted">{t("volc.members.noRequests")}</p>}>
                <ul class="list">
                  <For each={requests()}>
                    {(m) => (
                      <li class="volc-member-row" data-testid="member-request" data-volunteer-id={m.volunteerId}>
                        <div class="volc-member-who">
                          <A href={`/admin/volunteers/people/${m.volunteerId}`} class="volc-name">
                            {m.name}
                          </A>
                          {facts(m)}
                          <div class="meta">
                            {t("volc.members.askedOn", { date: formatDate(m.joinedAt) })}
                            <Show when={m.skills}>
                              {" · "}
                              {t("volc.members.skills", { skills: m.skills })}
                            </Show>
                          </div>
                          <Show when={tooYoung(m)}>
                            <div class="meta volc-block-note" data-testid="member-approve-blocked">
                              {t("volc.members.underageNote", { age: ADULT_TASK_AGE })}
                            </div>
                          </Show>
                        </div>
                        <div class="row-actions">
                          <button
                            type="button"
                            class="btn btn-small btn-primary"
                            data-testid="member-approve"
                            disabled={decide.isPending || tooYoung(m)}
                            aria-label={t("volc.members.approveName", { name: m.name })}
                            onClick={() => decide.mutate({ m, approve: true, key: "approved" })}
                          >
                            {t("volc.members.approve")}
                          </button>
                          <button
                            type="button"
                            class="btn btn-small"
                            data-testid="member-decline"
                            disabled={decide.isPending}
                            aria-label={t("volc.members.declineName", { name: m.name })}
                            onClick={() => decide.mutate({ m, approve: false, key: "declined" })}
                          >
                            {t("volc.members.decline")}
                          </button>
                        </div>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <h3>
                {t("volc.members.members")} <span class="muted">({members().length})</span>
              </h3>
              <Show when={members().length} fallback={<p class="muted">{t("volc.members.none")}</p>}>
                <ul class="list">
                  <For each={members()}>
                    {(m) => (
                      <li class="volc-member-row" data-testid="member-row" data-volunteer-id={m.volunteerId}>
                        <div class="volc-member-who">
                          <div>
                            <A href={`/admin/volunteers/people/${m.volunteerId}`} class="volc-name">
                              {m.name}
                            </A>
                            <Show when={props.team.leaderVolunteerId === m.volunteerId}>
                              {" "}
                              <span class="badge badge-info" data-testid="member-leader">
                                {t("volc.members.leader")}
                              </span>
                            </Show>
                          </div>
                          {facts(m)}
                          <div class="meta">{t("volc.members.since", { date: formatDate(m.joinedAt) })}</div>
                        </div>
                        <Show when={props.team.leaderVolunteerId !== m.volunteerId}>
                          <div class="row-actions">
                            <button
                              type="button"
                              class="btn btn-small btn-danger"
                              data-testid="member-remove"
                              disabled={decide.isPending}
                              aria-label={t("volc.members.removeName", { name: m.name })}
                              onClick={() =>
                                setPending({
                                  title: t("volc.members.removeTitle"),
                                  message: t("volc.members.removeMsg", { name: m.name, team: props.team.name }),
                                  danger: true,
                                  run: () => decide.mutate({ m, approve: false, key: "removed" }),
                                })
                              }
                            >
                              {t("volc.members.remove")}
                            </button>
                          </div>
                        </Show>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </>
          )}
        </Loaded>
      </Show>
      <Confirmation pending={pending()} onDone={() => setPending(null)} />
    </section>
  );
}
