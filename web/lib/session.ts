import { createQuery, useQueryClient } from "@tanstack/solid-query";
import { api } from "./trpc";

/** The logged-in user (or null), shared by every face through the query cache. */
export function useMe() {
  return createQuery(() => ({ queryKey: ["auth.me"], queryFn: () => api.auth.me.query(), staleTime: 60_000 }));
}

export function useAuthActions() {
  const qc = useQueryClient();
  return {
    async login(username: string, password: string) {
      const user = await api.auth.login.mutate({ username, password });
      await qc.invalidateQueries();
      return user;
    },
    async logout() {
      await api.auth.logout.mutate();
      qc.clear();
    },
  };
}

export const STREET_ROLES = ["street_admin", "street_viewer"] as const;
export const isStreetRole = (role: string | undefined) => role === "street_admin" || role === "street_viewer";
/** Where a user works after logging in. */
export function homeFor(role: string | undefined): string {
  if (isStreetRole(role)) return "/street";
  if (role === "resident") return "/me";
  if (!role) return "/";
  return "/admin";
}
