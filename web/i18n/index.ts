import { createSignal } from "solid-js";
import { commonZh } from "./common";
import { publicZh } from "./public";
import { residentZh } from "./resident";
import type { adminFace } from "./admin";
import type { registryStrings } from "./registry";
import type { registryImportStrings } from "./registry-import";
import type { financeConsoleStrings } from "./finance-console";
import type { meetingsConsoleStrings } from "./meetings-console";
import { prefCookie, rememberPref } from "../lib/prefs";

/** Chinese first, English second; every UI string goes through `t`. */
export type Lang = "zh" | "en";

type Dictionary = Record<string, string>;
// The first load carries the Chinese only; the English of the same strings (./en) is fetched when
// a reader chooses English, and t() falls back to Chinese until it has arrived.
const [base, setBase] = createSignal<Record<Lang, Dictionary>>({
  zh: { ...commonZh, ...publicZh, ...residentZh },
  en: {},
});
let english: Promise<void> | null = null;
/** Fetches the English strings once; resolves when t() can use them. */
export function loadEnglish(): Promise<void> {
  english ??= import("./en").then(({ baseEn }) => {
    setBase((b) => ({ ...b, en: baseEn }));
  });
  return english;
}
// The consoles' strings arrive with the consoles' code (registerStrings), so the public face
// never downloads them.
const [extra, setExtra] = createSignal<Record<Lang, Dictionary>>({ zh: {}, en: {} });

export type Key =
  | keyof typeof commonZh
  | keyof typeof publicZh
  | keyof typeof residentZh
  | keyof typeof adminFace.zh
  | keyof typeof registryStrings.zh
  | keyof typeof registryImportStrings.zh
  | keyof typeof import("./finance-public").financePublicStrings.zh
  | keyof typeof import("./meetings-public").meetingsPublicStrings.zh
  | keyof typeof financeConsoleStrings.zh
  | keyof typeof meetingsConsoleStrings.zh
  | keyof typeof import("./petitions").petitionStrings.zh
  | keyof typeof import("./polls-public").pollsPublicStrings.zh
  | keyof typeof import("./polls-console").pollsConsoleStrings.zh
  | keyof typeof import("./volunteers-public").volunteersPublicStrings.zh
  | keyof typeof import("./volunteers-console").volunteersConsoleStrings.zh
  | keyof typeof import("./cases-public").casesPublicStrings.zh
  | keyof typeof import("./cases-console").casesConsoleStrings.zh
  | keyof typeof import("./monitor").monitorStrings.zh;

export function registerStrings(strings: { zh: Dictionary; en: Dictionary }) {
  setExtra((prev) => ({ zh: { ...prev.zh, ...strings.zh }, en: { ...prev.en, ...strings.en } }));
}

const stored = typeof localStorage !== "undefined" ? localStorage.getItem("linli.lang") : null;
const [lang, setLangSignal] = createSignal<Lang>(stored === "en" ? "en" : "zh");
if (stored && typeof document !== "undefined" && prefCookie("lang") === null) rememberPref("lang", stored);
export { lang };

export async function setLang(next: Lang) {
  if (next === "en") await loadEnglish();
  setLangSignal(next);
  localStorage.setItem("linli.lang", next);
  rememberPref("lang", next);
  document.documentElement.lang = next === "zh" ? "zh-CN" : "en";
}

export function t(key: Key, params: Record<string, string | number> = {}): string {
  const l = lang();
  const b = base();
  let text = b[l][key] ?? extra()[l][key] ?? b.zh[key] ?? extra().zh[key] ?? key;
  for (const [k, v] of Object.entries(params)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}
