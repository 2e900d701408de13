import { PREF_COOKIES, type Pref } from "../../shared/prefs";

/** A display choice the Worker should see on the next page load (a year; first-party). */
export function rememberPref(pref: Pref, value: string) {
  document.cookie = `${PREF_COOKIES[pref]}=${value}; path=/; max-age=31536000; samesite=lax`;
}

/** The value of a display choice's cookie, or null. */
export function prefCookie(pref: Pref): string | null {
  const m = new RegExp(`(?:^|;\\s*)${PREF_COOKIES[pref]}=([^;]*)`).exec(document.cookie);
  return m ? m[1] : null;
}
