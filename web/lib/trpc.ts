import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "../../worker/router";
import { lang } from "../i18n";

/**
 * The D1 bookmark of this tab's last write, sent with every later request so that reads, even from
 * a read replica, are at least as new as what the user just wrote (worker/d1-session.ts).
 */
const BOOKMARK = "x-linli-d1-bookmark";
let bookmark: string | null = null;
try {
  bookmark = sessionStorage.getItem(BOOKMARK);
} catch {
  // storage blocked (private mode): keep it in memory only
}

/** The typed API client. Plain httpLink (no batching) keeps each GET cacheable on its own URL. */
export const api = createTRPCClient<AppRouter>({
  links: [
    httpLink({
      url: "/trpc",
      headers: () => ({ "x-linli-lang": lang(), ...(bookmark ? { [BOOKMARK]: bookmark } : {}) }),
      fetch: async (url, init) => {
        const res = await fetch(url, { ...(init as RequestInit), credentials: "same-origin" });
        const next = res.headers.get(BOOKMARK);
        if (next) {
          bookmark = next;
          try {
            sessionStorage.setItem(BOOKMARK, next);
          } catch {
            // memory only
          }
        }
        return res;
      },
    }),
  ],
});

export type ApiError = TRPCClientError<AppRouter>;

/** The message to show for a failed call (the server already translated it). */
export function errorMessage(err: unknown): string {
  if (err instanceof TRPCClientError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Field → message for forms, from the server's validation errors. */
export function fieldErrors(err: unknown): Record<string, string> {
  if (err instanceof TRPCClientError) {
    const data = err.data as { fieldErrors?: Record<string, string> } | undefined;
    return data?.fieldErrors ?? {};
  }
  return {};
}
