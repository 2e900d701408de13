import { createEffect } from "solid-js";
import { TRPCClientError } from "@trpc/client";
import { lang, t } from "../../i18n";
import { localNameIn, noticePath } from "../../../shared/public-paths";

/** Sets document.title to "{page} · 邻里" while the page is shown. */
export function useTitle(title: () => string | undefined) {
  createEffect(() => {
    const page = title();
    document.title = page ? `${page} · ${t("app.name")}` : `${t("app.name")} · ${t("app.tagline")}`;
  });
}

/** The first characters of a SHA-256 hex digest, for tables and lists (the full value goes in `title`). */
export const shortHash = (hash: string | null | undefined, n = 10) =>
  !hash ? "" : hash.length > n ? `${hash.slice(0, n)}…` : hash;

export function isNotFound(err: unknown): boolean {
  return err instanceof TRPCClientError && (err.data as { code?: string } | undefined)?.code === "NOT_FOUND";
}

/** Retry once on network trouble, never on "not found". */
export const retryUnlessNotFound = (count: number, err: unknown) => !isNotFound(err) && count < 1;

/** A community's name in the reader's language (Chinese name when no English one is set). */
export const localName = (c: { name: string; nameEn?: string | null }) => localNameIn(lang(), c);

/** Copies text; falls back to selecting `fallback` and execCommand (old WeChat webviews). */
export async function copyText(text: string, fallback?: HTMLElement): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the selection fallback
  }
  if (!fallback) return false;
  if (fallback instanceof HTMLTextAreaElement || fallback instanceof HTMLInputElement) {
    fallback.focus();
    fallback.select();
  } else {
    const range = document.createRange();
    range.selectNodeContents(fallback);
    const sel = window.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
  }
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  }
}

export { noticePath };
