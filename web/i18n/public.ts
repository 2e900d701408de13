/** Strings of the public portal (filled in by the public-face work). */
export const publicFace = {
  zh: {},
  en: {},
} as const;
