/** Paths and names on the public pages, shared by the app and the Worker's first paint. */

export const noticePath = (street: string, community: string, id: string, version?: number) =>
  `/${street}/${community}/notices/${encodeURIComponent(id)}${version ? `?v=${version}` : ""}`;

export const financePath = (street: string, community: string, period: string) =>
  `/${street}/${community}/finance/${encodeURIComponent(period)}`;

/** A community's name in the reader's language (the Chinese name when no English one is set). */
export const localNameIn = (lang: "zh" | "en", c: { name: string; nameEn?: string | null }) =>
  lang === "en" && c.nameEn ? c.nameEn : c.name;
