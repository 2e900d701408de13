import { describe, expect, it } from "vitest";
import {
  ACTIVATION_DAYS,
  activationExpiresAt,
  newActivationCode,
  normalizeActivationCode,
} from "../../../shared/rules/activation";

const UNAMBIGUOUS = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

describe("newActivationCode", () => {
  it("is two groups of 5 characters from the unambiguous alphabet", () => {
    for (let i = 0; i < 2000; i++) {
      const code = newActivationCode();
      expect(code).toMatch(/^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{5}-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{5}$/);
      expect(code).not.toMatch(/[01OI]/);
    }
  });

  it("uses the whole alphabet and nothing else", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) for (const ch of newActivationCode().replace("-", "")) seen.add(ch);
    expect([...seen].sort().join("")).toBe([...UNAMBIGUOUS].sort().join(""));
    for (const ch of "01OI") expect(seen.has(ch)).toBe(false);
  });

  it("does not repeat", () => {
    const codes = new Set(Array.from({ length: 5000 }, () => newActivationCode()));
    expect(codes.size).toBe(5000);
  });

  it("is unchanged by normalisation apart from the dash", () => {
    const code = newActivationCode();
    expect(normalizeActivationCode(code)).toBe(code.replace("-", ""));
  });
});

describe("normalizeActivationCode", () => {
  it("ignores case, spaces, dashes and other separators", () => {
    const want = "ABCDE23456";
    for (const typed of [
      "ABCDE-23456",
      "abcde-23456",
      " abcde 23456 ",
      "AbCdE23456",
      "abc-de—234_56",
      "ABCDE\t23456\n",
    ])
      expect(normalizeActivationCode(typed), JSON.stringify(typed)).toBe(want);
  });

  it("keeps digits and letters only", () => {
    expect(normalizeActivationCode("激活码：ABCDE-23456")).toBe("ABCDE23456");
    expect(normalizeActivationCode("")).toBe("");
  });
});

describe("activationExpiresAt", () => {
  it("is 14 days after issue", () => {
    expect(ACTIVATION_DAYS).toBe(14);
    const issued = Date.UTC(2026, 0, 1, 8);
    expect(activationExpiresAt(issued)).toBe(issued + 14 * 86_400_000);
  });
});
