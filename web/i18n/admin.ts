/** Strings of the committee admin and street consoles (filled in by the console work). */
export const adminFace = {
  zh: {},
  en: {},
} as const;
