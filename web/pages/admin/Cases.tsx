import "../../styles/cases-console.css";
import { A, useSearchParams } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { createMemo, createSignal, createEffect, For, Show } from "solid-js";
import { CASE_KINDS } from "../../../shared/rules/cases";
import {
  categoryLabel,
  ColourBadge,
  kindLabel,
  StageBadge,
  stageLabel,
  type CaseColour,
} from "../../components/cases/CaseConsoleBits";
import { useConsoleUser } from "../../components/console/user";
import { Empty, ErrorBox, Loading } from "../../components/States";
import { t, type Key } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { api } from "../../lib/trpc";

type BoardCase = Awaited<ReturnType<typeof api.cases.board.query>>[number];
type Kind = (typeof CASE_KINDS)[number];
const COLOURS: CaseColour[] = ["green", "yellow", "red"];
const STAGES = ["accept", "handle", "verify"] as const;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
const short = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** /admin/cases: the community's cases as a board by stage, or a filtered list. */
export default function Cases() {
  const user = useConsoleUser();
  const communityId = () => user().community!.id;
  const [params, setParams] = useSearchParams();
  const view = () => (one(params.view) === "list" ? "list" : "board");
  const filters = () => ({
    gridId: one(params.grid),
    kind: one(params.kind) as Kind | undefined,
    colour: one(params.colour) as CaseColour | undefined,
    assigneeUserId: one(params.assignee),
    includeClosed: one(params.closed) === "1",
  });
  const board = createQuery(() => ({
    queryKey: ["cases.board", communityId(), filters()],
    queryFn: () => api.cases.board.query({ communityId: communityId(), ...filters() }),
    placeholderData: (prev: BoardCase[] | undefined) => prev,
  }));
  const grids = createQuery(() => ({
    queryKey: ["admin.grids.list", communityId()],
    queryFn: () => api.admin.grids.list.query({ communityId: communityId() }),
    staleTime: 300_000,
  }));
  // Assignees seen so far, so that the filter keeps its choices while one is picked.
  const [assignees, setAssignees] = createSignal<Record<string, string>>({});
  createEffect(() => {
    const rows = board.data;
    if (!rows) return;
    const seen = { ...assignees() };
    let changed = false;
    for (const c of rows)
      if (c.assigneeUserId && !seen[c.assigneeUserId]) {
        seen[c.assigneeUserId] = c.assigneeName ?? c.assigneeUserId;
        changed = true;
      }
    if (changed) setAssignees(seen);
  });
  const set = (key: string, value: string | undefined) => setParams({ [key]: value || undefined }, { replace: true });
  const columns = createMemo(() => [...STAGES, ...(filters().includeClosed ? (["closed"] as const) : [])]);

  return (
    <div class="console-page casec-page">
      <div class="page-head">
        <h1>{t("casec.board.title")}</h1>
        <button
          type="button"
          class="btn btn-small"
          data-testid="case-list-toggle"
          aria-pressed={view() === "list" ? "true" : "false"}
          data-view={view()}
          onClick={() => set("view", view() === "list" ? undefined : "list")}
        >
          {view() === "list" ? t("casec.view.board") : t("casec.view.list")}
        </button>
      </div>
      <p class="muted">{t("casec.board.intro")}</p>
      <Show when={user().role === "grid_worker"}>
        <p class="meta">{t("casec.board.gridOnly")}</p>
      </Show>
      <form
        class="casec-filters card"
        role="search"
        aria-label={t("casec.filter.title")}
        onSubmit={(e) => e.preventDefault()}
      >
        <div class="field">
          <label for="casec-f-grid">{t("casec.filter.grid")}</label>
          <select id="casec-f-grid" data-testid="case-filter-grid" onChange={(e) => set("grid", e.currentTarget.value)}>
            <option value="">{t("casec.filter.all")}</option>
            <For each={grids.data ?? []}>
              {(g) => (
                <option value={g.id} selected={filters().gridId === g.id}>
                  {g.name}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="casec-f-kind">{t("casec.filter.kind")}</label>
          <select id="casec-f-kind" data-testid="case-filter-kind" onChange={(e) => set("kind", e.currentTarget.value)}>
            <option value="">{t("casec.filter.all")}</option>
            <For each={[...CASE_KINDS]}>
              {(k) => (
                <option value={k} selected={filters().kind === k}>
                  {kindLabel(k)}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="casec-f-colour">{t("casec.filter.colour")}</label>
          <select
            id="casec-f-colour"
            data-testid="case-filter-colour"
            onChange={(e) => set("colour", e.currentTarget.value)}
          >
            <option value="">{t("casec.filter.all")}</option>
            <For each={COLOURS}>
              {(c) => (
                <option value={c} selected={filters().colour === c}>
                  {t(`casec.colour.${c}` as Key)}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="casec-f-assignee">{t("casec.filter.assignee")}</label>
          <select
            id="casec-f-assignee"
            data-testid="case-filter-assignee"
            onChange={(e) => set("assignee", e.currentTarget.value)}
          >
            <option value="">{t("casec.filter.all")}</option>
            <For each={Object.entries(assignees())}>
              {([id, name]) => (
                <option value={id} selected={filters().assigneeUserId === id}>
                  {name}
                </option>
              )}
            </For>
          </select>
        </div>
        <label class="casec-check">
          <input
            type="checkbox"
            data-testid="case-filter-closed"
            checked={filters().includeClosed}
            onChange={(e) => set("closed", e.currentTarget.checked ? "1" : undefined)}
          />{" "}
          {t("casec.filter.closed")}
        </label>
      </form>
      <Show when={!board.isPending} fallback={<Loading />}>
        <Show when={!board.isError} fallback={<ErrorBox error={board.error} retry={() => board.refetch()} />}>
          <Show when={board.data?.length} fallback={<Empty>{t("casec.empty")}</Empty>}>
            <Show
              when={view() === "list"}
              fallback={
                <div class="casec-board" data-testid="case-board">
                  <For each={columns()}>
                    {(stage) => {
                      const items = () => (board.data ?? []).filter((c) => c.status === stage);
                      return (
                        <section class="casec-column" data-stage={stage} aria-labelledby={`casec-col-${stage}`}>
                          <h2 id={`casec-col-${stage}`} class="casec-column-head">
                            {stageLabel(stage)} <span class="meta">({items().length})</span>
                          </h2>
                          <Show when={items().length} fallback={<p class="muted">{t("casec.emptyColumn")}</p>}>
                            <ul class="casec-cards">
                              <For each={items()}>
                                {(c) => (
                                  <li>
                                    <CaseCard c={c} />
                                  </li>
                                )}
                              </For>
                            </ul>
                          </Show>
                        </section>
                      );
                    }}
                  </For>
                </div>
              }
            >
              <CaseTable rows={board.data ?? []} />
            </Show>
          </Show>
        </Show>
      </Show>
    </div>
  );
}

function Flags(props: { c: BoardCase }) {
  return (
    <>
      <Show when={props.c.escalatedAt}>
        <span class="badge badge-bad">{props.c.streetHolds ? t("casec.streetHolds") : t("casec.escalated")}</span>
      </Show>
      <Show when={props.c.extendedAt}>
        <span class="badge badge-muted">{t("casec.extended")}</span>
      </Show>
    </>
  );
}

function CaseCard(props: { c: BoardCase }) {
  const c = () => props.c;
  return (
    <A
      href={`/admin/cases/${c().id}`}
      class="card casec-card"
      data-testid="case-card"
      data-case-id={c().id}
      data-colour={c().colour ?? ""}
      data-status={c().status}
    >
      <div class="adm-meta">
        <strong>{kindLabel(c().kind)}</strong>
        <span class="meta">{categoryLabel(c().category)}</span>
        <ColourBadge colour={c().colour} />
        <Flags c={c()} />
      </div>
      <div class="casec-desc">{short(c().description)}</div>
      <div class="meta">
        {c().gridName ?? t("casec.noGrid")} · {c().assigneeName ?? t("casec.unassigned")}
      </div>
      <Show when={c().status !== "closed"}>
        <div class="meta">{t("casec.due", { date: formatDateTime(c().stageDueAt) })}</div>
      </Show>
    </A>
  );
}

function CaseTable(props: { rows: BoardCase[] }) {
  return (
    <div class="table-wrap card">
      <table class="table table-stack casec-table" data-testid="case-table">
        <thead>
          <tr>
            <th scope="col">{t("casec.col.case")}</th>
            <th scope="col">{t("casec.col.stage")}</th>
            <th scope="col">{t("casec.col.grid")}</th>
            <th scope="col">{t("casec.col.assignee")}</th>
            <th scope="col">{t("casec.col.due")}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(c) => (
              <tr data-testid="case-card" data-case-id={c.id} data-colour={c.colour ?? ""} data-status={c.status}>
                <td data-label={t("casec.col.case")}>
                  <A href={`/admin/cases/${c.id}`} class="casec-title-link">
                    {kindLabel(c.kind)} · {categoryLabel(c.category)}
                  </A>
                  <div class="meta">{short(c.description, 80)}</div>
                </td>
                <td data-label={t("casec.col.stage")}>
                  <StageBadge status={c.status} /> <ColourBadge colour={c.colour} /> <Flags c={c} />
                </td>
                <td data-label={t("casec.col.grid")}>{c.gridName ?? t("casec.noGrid")}</td>
                <td data-label={t("casec.col.assignee")}>{c.assigneeName ?? t("casec.unassigned")}</td>
                <td data-label={t("casec.col.due")} class="nowrap">
                  {c.status === "closed" ? formatDateTime(c.closedAt) : formatDateTime(c.stageDueAt)}
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
