import "../../i18n/console";
import { createQuery } from "@tanstack/solid-query";
import { TRPCClientError } from "@trpc/client";
import { For, Show } from "solid-js";
import { t, type Key } from "../../i18n";
import { api } from "../../lib/trpc";
import { ageOn, isAdultOn, shanghaiDate } from "../../../shared/rules/eligibility";
import type { ConsoleUser, Role } from "../console/user";

export type ResidentRow = Awaited<ReturnType<typeof api.residents.list.query>>["items"][number];
export type ResidentFull = Awaited<ReturnType<typeof api.residents.get.query>>;
export type HouseholdRow = Awaited<ReturnType<typeof api.residents.households.list.query>>["items"][number];
export type GridRow = Awaited<ReturnType<typeof api.admin.grids.list.query>>[number];
export type GroupRow = Awaited<ReturnType<typeof api.residents.groups.list.query>>[number];
/** What the letter page needs; passed in router state, never stored (the code is shown once). */
export type LetterState = {
  code: string;
  expiresAt: number;
  residentName: string;
  activatePath: string;
  communityName: string;
};
export type HistoryEntry = ResidentFull["history"][number];

/** Who keeps the registry (writes), as the residents router has it. */
export const isKeeper = (role: Role) => role === "community_admin" || role === "community_staff";
/** Who may read residents and households (grid workers: their own grids only, server-side). */
export const isRegistryReader = (role: Role) => isKeeper(role) || role === "grid_worker";
/** Who may read residents' queries and objections on notices. */
export const isObjectionReader = (role: Role) => isKeeper(role) || role === "supervisor";

/** Today's calendar date in Beijing, YYYY-MM-DD (the value of a date input). */
export const todayShanghai = () => shanghaiDate(Date.now());

export const ageOf = (birthDate: string) => ageOn(birthDate, Date.now());
export const isAdultToday = (birthDate: string) => isAdultOn(birthDate, Date.now());

/** 居民代表 in a city community, 村民代表 in a village. */
export const repLabel = (user: ConsoleUser) =>
  t(user.community?.kind === "village" ? "reg.flag.rep.village" : "reg.flag.rep.urban");

/** The grids of the community (for filters and selects). */
export function useGrids(communityId: () => string) {
  return createQuery(() => ({
    queryKey: ["admin.grids.list", communityId()],
    queryFn: () => api.admin.grids.list.query({ communityId: communityId() }),
    staleTime: 60_000,
  }));
}

/** The residents' groups of the community (for filters and selects). */
export function useGroups(communityId: () => string) {
  return createQuery(() => ({
    queryKey: ["residents.groups.list", communityId()],
    queryFn: () => api.residents.groups.list.query({ communityId: communityId() }),
    staleTime: 60_000,
  }));
}

/** The server refused because the household already has a representative (CONFLICT on isHouseholdRep). */
export function isRepTaken(err: unknown): boolean {
  if (!(err instanceof TRPCClientError)) return false;
  const data = err.data as { code?: string; fieldErrors?: Record<string, string> } | undefined;
  return data?.code === "CONFLICT" && Boolean(data.fieldErrors?.isHouseholdRep);
}

/** The badges of a resident: 户代表, 居民/村民代表, 已迁出. */
export function ResidentBadges(props: {
  user: ConsoleUser;
  r: { isHouseholdRep: boolean; isRepresentative: boolean; status: string; movedOutOn?: string | null };
}) {
  return (
    <span class="reg-badges">
      <Show when={props.r.isHouseholdRep}>
        <span class="badge badge-info">{t("reg.flag.householdRep")}</span>
      </Show>
      <Show when={props.r.isRepresentative}>
        <span class="badge badge-ok">{repLabel(props.user)}</span>
      </Show>
      <Show when={props.r.status === "moved_out"}>
        <span class="badge badge-muted" title={props.r.movedOutOn ?? undefined}>
          {t("reg.status.moved_out")}
        </span>
      </Show>
    </span>
  );
}

/** A select of grids or groups with an empty "none" (or "all") choice. */
export function OptionSelect(props: {
  id: string;
  name: string;
  value: string;
  options: { id: string; name: string }[] | undefined;
  empty: string;
  onChange: (v: string) => void;
  disabled?: boolean;
  aria?: Record<string, string | undefined>;
}) {
  return (
    <select
      id={props.id}
      name={props.name}
      value={props.value}
      disabled={props.disabled}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      {...(props.aria ?? {})}
    >
      <option value="">{props.empty}</option>
      <For each={props.options ?? []}>
        {(o) => (
          <option value={o.id} selected={o.id === props.value}>
            {o.name}
          </option>
        )}
      </For>
    </select>
  );
}

/** One line of a resident's history, in words. */
export function historyText(h: HistoryEntry, user: ConsoleUser): string {
  const d = (h.detail ?? {}) as Record<string, unknown>;
  switch (h.kind) {
    case "created":
      return t("reg.history.created");
    case "moved":
      if (d.to && d.toAddress)
        return t("reg.history.movedFromTo", { from: String(d.fromAddress ?? "—"), to: String(d.toAddress) });
      return d.to ? t("reg.history.moved") : t("reg.history.movedNone");
    case "role": {
      if ("isHouseholdRep" in d)
        return t(d.isHouseholdRep ? "reg.history.role.repOn" : "reg.history.role.repOff", {
          role: t("reg.flag.householdRep"),
        });
      if ("isRepresentative" in d)
        return t(d.isRepresentative ? "reg.history.role.repOn" : "reg.history.role.repOff", {
          role: repLabel(user),
        });
      return t("reg.history.kind.role");
    }
    case "updated": {
      const fields = Array.isArray(d.fields) ? (d.fields as string[]) : [];
      const names = fields.map((f) => fieldName(f)).join("、");
      return names ? t("reg.history.updatedFields", { fields: names }) : t("reg.history.kind.updated");
    }
    case "moved_out":
      return t("reg.history.movedOut", { date: String(d.on ?? "") });
    default:
      return h.kind;
  }
}

const FIELD_KEYS: Record<string, Key> = {
  name: "reg.field.name",
  birthDate: "reg.field.birthDate",
  phone: "reg.field.phone",
  groupId: "reg.field.group",
  householdId: "reg.field.household",
};
const fieldName = (f: string) => (FIELD_KEYS[f] ? t(FIELD_KEYS[f]) : f);

export const historyKindLabel = (kind: string) =>
  ["created", "moved", "role", "updated", "moved_out"].includes(kind) ? t(`reg.history.kind.${kind}` as Key) : kind;
