/**
 * A reader's display choices, kept by the app in cookies as well as in localStorage so that the
 * Worker paints a page's first view the same way (worker/first-paint).
 */
export const PREF_COOKIES = { lang: "linli_lang", elder: "linli_elder" } as const;
export type Pref = keyof typeof PREF_COOKIES;
