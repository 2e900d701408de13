import { describe, expect, it } from "vitest";
import { heldInTime, meetingCompliance, monthsBefore } from "../../../shared/rules/meetings";

const at = (iso: string) => Date.parse(iso);

describe("monthsBefore (Asia/Shanghai calendar)", () => {
  it("goes back whole calendar months, clamping to the month's end", () => {
    expect(monthsBefore(at("2026-08-31T04:00:00Z"), 6)).toBe(at("2026-02-28T04:00:00Z"));
    expect(monthsBefore(at("2024-05-31T04:00:00Z"), 3)).toBe(at("2024-02-29T04:00:00Z"));
    expect(monthsBefore(at("2026-01-15T04:00:00Z"), 12)).toBe(at("2025-01-15T04:00:00Z"));
  });

  it("counts from the Beijing date, not the UTC one", () => {
    // 2026-03-31 20:00 UTC is 1 April 04:00 in Beijing: three months back is 1 January 04:00 Beijing.
    expect(monthsBefore(at("2026-03-31T20:00:00Z"), 3)).toBe(at("2025-12-31T20:00:00Z"));
  });
});

describe("meetingCompliance", () => {
  const now = at("2026-11-26T02:00:00Z");

  it("urban: a 居民代表会议 at least every half year (U28)", () => {
    const held = [{ kind: "representatives_meeting", startsAt: at("2026-05-26T03:00:00Z") }];
    expect(meetingCompliance("urban-2025", held, now)).toEqual([
      { kind: "representatives_meeting", everyMonths: 6, lastHeldAt: held[0].startsAt, ok: true },
    ]);
    const late = [{ kind: "representatives_meeting", startsAt: at("2026-05-26T01:00:00Z") }];
    expect(meetingCompliance("urban-2025", late, now)[0].ok).toBe(false);
    expect(meetingCompliance("urban-2025", [], now)[0]).toMatchObject({ lastHeldAt: null, ok: false });
  });

  it("village: 村民会议 yearly and 村民代表会议 quarterly (V25, V29); future meetings do not count", () => {
    const lines = meetingCompliance(
      "village-2025",
      [
        { kind: "villagers_meeting", startsAt: at("2026-01-10T02:00:00Z") },
        { kind: "village_reps_meeting", startsAt: at("2026-08-20T02:00:00Z") },
        { kind: "village_reps_meeting", startsAt: at("2026-12-01T02:00:00Z") },
      ],
      now,
    );
    expect(lines.map((l) => [l.kind, l.everyMonths, l.ok])).toEqual([
      ["villagers_meeting", 12, true],
      ["village_reps_meeting", 3, false],
    ]);
  });

  it("urban-2018 set no half-yearly requirement", () => {
    expect(meetingCompliance("urban-2018", [], now)).toEqual([]);
  });
});

describe("heldInTime: the one boundary the street's democracy page and its alerts share", () => {
  const now = at("2026-11-26T02:00:00Z");
  const edge = monthsBefore(now, 6);
  it("a meeting at the interval's first instant is in time; a millisecond earlier is not", () => {
    expect(heldInTime(edge, 6, now)).toBe(true);
    expect(heldInTime(edge - 1, 6, now)).toBe(false);
    expect(heldInTime(null, 6, now)).toBe(false);
    expect(meetingCompliance("urban-2025", [{ kind: "representatives_meeting", startsAt: edge }], now)).toContainEqual(
      expect.objectContaining({ kind: "representatives_meeting", ok: true }),
    );
  });
});
