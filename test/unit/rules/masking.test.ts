import { describe, expect, it } from "vitest";
import { hasPersonalNumber, isPhone, maskName, maskPhone } from "../../../shared/rules/masking";

describe("maskName", () => {
  it("masks a one-character name completely", () => {
    expect(maskName("张")).toBe("*");
  });
  it("keeps the surname of a two-character name", () => {
    expect(maskName("张三")).toBe("张*");
  });
  it("keeps the first and last character of a three-character name", () => {
    expect(maskName("张三丰")).toBe("张*丰");
  });
  it("masks every middle character of a four-character name", () => {
    expect(maskName("欧阳娜娜")).toBe("欧**娜");
  });
  it("returns an empty string for an empty or blank name", () => {
    expect(maskName("")).toBe("");
    expect(maskName("   ")).toBe("");
  });
  it("ignores surrounding whitespace and counts characters, not UTF-16 units", () => {
    expect(maskName("  李四  ")).toBe("李*");
    expect(maskName("𠀋小明")).toBe("𠀋*明");
  });
  it("never shows the masked characters", () => {
    for (const name of ["王建国", "欧阳娜娜", "司马相如"]) {
      const masked = maskName(name);
      expect(Array.from(masked)).toHaveLength(Array.from(name).length);
      expect(masked.slice(1, -1)).toMatch(/^\*+$/);
    }
  });
});

describe("maskPhone", () => {
  it("masks the middle four digits of an 11-digit mobile number", () => {
    expect(maskPhone("13812345678")).toBe("138****5678");
  });
  it("masks a landline with area code, ignoring the hyphen", () => {
    expect(maskPhone("021-55501234")).toBe("021****1234");
    expect(maskPhone("0755-1234567")).toBe("075****4567");
  });
  it("masks a short number completely", () => {
    expect(maskPhone("12345")).toBe("*****");
    expect(maskPhone("123456")).toBe("******");
    expect(maskPhone("")).toBe("");
  });
  it("hides at least four digits of any number, however short", () => {
    for (const p of ["5550123", "55501234", "0215550123", "13812345678", "021-55501234", "008613812345678"]) {
      const masked = maskPhone(p);
      expect(masked.match(/\*/g)?.length ?? 0, `${p} → ${masked}`).toBeGreaterThanOrEqual(4);
      expect(masked).toHaveLength(p.replace(/\D/g, "").length);
    }
  });
});

describe("isPhone", () => {
  it("accepts mainland mobile numbers", () => {
    expect(isPhone("13812345678")).toBe(true);
    expect(isPhone("19900001111")).toBe(true);
  });
  it("accepts landlines with an area code, with or without a hyphen", () => {
    expect(isPhone("021-55501234")).toBe(true);
    expect(isPhone("02155501234")).toBe(true);
    expect(isPhone("0755-1234567")).toBe(true);
  });
  it("rejects numbers of the wrong shape", () => {
    for (const bad of ["", "12812345678", "1381234567", "138123456789", "55501234", "021-555", "abc", "138 1234 5678"])
      expect(isPhone(bad), bad).toBe(false);
  });
});

describe("hasPersonalNumber: free text published for good", () => {
  it("finds a phone or ID number written any common way", () => {
    for (const text of ["联系13812345678", "电话 138 1234 5678", "021-12345678", "身份证110101199001011234", "1234567"])
      expect(hasPersonalNumber(text), text).toBe(true);
  });

  it("lets years, amounts and short numbers through", () => {
    for (const text of ["2025年防汛检查", "扣 2 分", "3 号楼 1203 室", "123456", "12-34-56"])
      expect(hasPersonalNumber(text), text).toBe(false);
  });
});
