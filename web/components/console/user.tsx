import { useMe } from "../../lib/session";
import { lang, t, type Key } from "../../i18n";
import type { api } from "../../lib/trpc";
import { categoryLabel, type NoticeCategory } from "../../../shared/rules/categories";

/** The logged-in staff member as auth.me describes them. */
export type ConsoleUser = NonNullable<Awaited<ReturnType<typeof api.auth.me.query>>>;
export type Role = ConsoleUser["role"];
export type NoticeStatus = "draft" | "submitted" | "scheduled" | "published" | "withdrawn";

export const COMMUNITY_ROLES = ["community_admin", "community_staff", "supervisor", "grid_worker"] as const;
/** Who drafts notices, as the notices router has it. */
export const isWriter = (role: Role) => role === "community_admin" || role === "community_staff";
/** Who may read drafts, the profile and the working copy of notices. */
export const isDraftReader = (role: Role) =>
  role === "community_admin" || role === "community_staff" || role === "supervisor";

/**
 * The user the console shell has already checked. Pages render only inside a shell that waits
 * for auth.me, so the data is there.
 */
export function useConsoleUser(): () => ConsoleUser {
  const me = useMe();
  return () => me.data as ConsoleUser;
}

export const roleLabel = (role: string) => t(`role.${role}` as Key);
export const statusLabel = (status: NoticeStatus) => t(`adm.status.${status}` as Key);

const STATUS_BADGE: Record<NoticeStatus, string> = {
  draft: "badge-muted",
  submitted: "badge-warn",
  scheduled: "badge-info",
  published: "badge-ok",
  withdrawn: "badge-bad",
};

export function StatusBadge(props: { status: NoticeStatus }) {
  return <span class={`badge ${STATUS_BADGE[props.status]}`}>{statusLabel(props.status)}</span>;
}

export const categoryName = (code: NoticeCategory, kind: "urban" | "village" | undefined) =>
  categoryLabel(code, kind ?? "urban", lang());
