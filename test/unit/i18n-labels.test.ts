import { describe, expect, it } from "vitest";
import { CASE_CATEGORIES, CASE_KINDS } from "../../shared/rules/cases";
import { ALERT_KINDS } from "../../worker/services/alerts";
import { casesConsoleStrings } from "../../web/i18n/cases-console";
import { casesPublicStrings } from "../../web/i18n/cases-public";
import { monitorStrings } from "../../web/i18n/monitor";

/** Keys an enum's values need, missing from a string table (a page would show the raw key). */
function missing(table: { zh: Record<string, string>; en: Record<string, string> }, keys: string[]) {
  return keys.flatMap((k) => (["zh", "en"] as const).filter((l) => !table[l][k]).map((l) => `${l} ${k}`));
}

describe("every value the app shows has a label in both languages", () => {
  it("case kinds and categories, in the console and on the public pages", () => {
    expect(
      missing(
        casesConsoleStrings,
        CASE_CATEGORIES.map((c) => `casec.cat.${c}`),
      ),
    ).toEqual([]);
    expect(
      missing(
        casesConsoleStrings,
        CASE_KINDS.map((k) => `casec.kind.${k}`),
      ),
    ).toEqual([]);
    expect(
      missing(
        casesPublicStrings,
        CASE_CATEGORIES.map((c) => `case.cat.${c}`),
      ),
    ).toEqual([]);
    expect(
      missing(
        casesPublicStrings,
        CASE_KINDS.map((k) => `case.kind.${k}`),
      ),
    ).toEqual([]);
  });

  it("the street office's alert kinds: name, sentence and action", () => {
    const keys = ALERT_KINDS.flatMap((k) => [`mon.al.kind.${k}`, `mon.al.text.${k}`, `mon.al.act.${k}`]);
    expect(missing(monitorStrings, keys)).toEqual([]);
  });
});
