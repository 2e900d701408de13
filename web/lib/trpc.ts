import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "../../worker/router";
import { lang } from "../i18n";

/** The typed API client. Plain httpLink (no batching) keeps each GET cacheable on its own URL. */
export const api = createTRPCClient<AppRouter>({
  links: [
    httpLink({
      url: "/trpc",
      headers: () => ({ "x-linli-lang": lang() }),
      fetch: (url, init) => fetch(url, { ...(init as RequestInit), credentials: "same-origin" }),
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
