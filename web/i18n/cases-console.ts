/** Strings of the cases console pages ("casec."): the board, a case, and the street's list. */
export const casesConsoleStrings = {
  zh: {
    "casec.nav.admin": "居民诉求",
    "casec.nav.street": "诉求督办",
  },
  en: {
    "casec.nav.admin": "Requests",
    "casec.nav.street": "Cases",
  },
};
