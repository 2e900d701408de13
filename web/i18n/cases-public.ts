/** Strings of the public and resident case pages ("case."): they load with those lazy pages. */
export const casesPublicStrings = {
  zh: {},
  en: {},
};
