import { createSignal } from "solid-js";
import { common } from "./common";
import { publicFace } from "./public";
import { adminFace } from "./admin";

/** Chinese first, English second; every UI string goes through `t`. */
export type Lang = "zh" | "en";

const dict = {
  zh: { ...common.zh, ...publicFace.zh, ...adminFace.zh },
  en: { ...common.en, ...publicFace.en, ...adminFace.en },
};
export type Key = keyof typeof dict.zh;

const stored = typeof localStorage !== "undefined" ? localStorage.getItem("linli.lang") : null;
const [lang, setLangSignal] = createSignal<Lang>(stored === "en" ? "en" : "zh");
export { lang };

export function setLang(next: Lang) {
  setLangSignal(next);
  localStorage.setItem("linli.lang", next);
  document.documentElement.lang = next === "zh" ? "zh-CN" : "en";
}

export function t(key: Key, params: Record<string, string | number> = {}): string {
  let text: string = (dict[lang()] as Record<string, string>)[key] ?? (dict.zh as Record<string, string>)[key] ?? key;
  for (const [k, v] of Object.entries(params)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}
