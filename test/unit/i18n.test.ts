import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldLabel, translate, validationMessage } from "../../shared/i18n/errors";
import { communityCreateInput, staffCreateInput } from "../../shared/schemas/admin";
import { noticeCreateInput, noticeWithdrawInput } from "../../shared/schemas/notices";

/** The real zod issues for an input, as the API sees them. */
function issues(schema: z.ZodType, input: unknown) {
  const r = schema.safeParse(input);
  if (r.success) throw new Error("expected the input to be invalid");
  return r.error.issues;
}
function messageFor(schema: z.ZodType, input: unknown, field: string, lang: "zh" | "en") {
  const issue = issues(schema, input).find((i) => i.path.join(".") === field);
  if (!issue) throw new Error(`no issue for ${field}`);
  return validationMessage(issue, lang);
}

const notice = { communityId: "C1", category: "affairs", title: "标题", bodyMd: "正文" };

describe("validationMessage", () => {
  it("names the field for too_small (empty string)", () => {
    expect(messageFor(noticeCreateInput, { ...notice, title: "   " }, "title", "zh")).toBe("标题：不能为空");
    expect(messageFor(noticeCreateInput, { ...notice, title: "" }, "title", "en")).toBe("title: must not be empty");
  });

  it("names the field and the limit for too_small (length and number)", () => {
    expect(messageFor(noticeWithdrawInput, { id: "N", reason: "x" }, "reason", "zh")).toBe("撤回理由：至少 2 个字符");
    expect(messageFor(noticeWithdrawInput, { id: "N", reason: "x" }, "reason", "en")).toBe(
      "reason: must be at least 2 characters",
    );
    expect(messageFor(noticeCreateInput, { ...notice, publicityDays: 3 }, "publicityDays", "zh")).toBe(
      "公示天数：不能小于 15",
    );
    expect(messageFor(noticeCreateInput, { ...notice, publicityDays: 3 }, "publicityDays", "en")).toBe(
      "publicity days: must be at least 15",
    );
  });

  it("names the field and the limit for too_big", () => {
    const long = "字".repeat(201);
    expect(messageFor(noticeCreateInput, { ...notice, title: long }, "title", "zh")).toBe("标题：最多 200 个字符");
    expect(messageFor(noticeCreateInput, { ...notice, title: long }, "title", "en")).toBe(
      "title: must be at most 200 characters",
    );
    expect(messageFor(noticeCreateInput, { ...notice, publicityDays: 400 }, "publicityDays", "en")).toBe(
      "publicity days: must be at most 365",
    );
  });

  it("names the field and the allowed values for invalid_value", () => {
    const zh = messageFor(noticeCreateInput, { ...notice, category: "gossip" }, "category", "zh");
    expect(zh).toMatch(/^类别：/);
    expect(zh).toContain("party, government, affairs, finance, other");
    const en = messageFor(communityCreateInput, { slug: "ab", name: "新社区", kind: "city" }, "kind", "en");
    expect(en).toBe("kind: must be one of urban, village");
  });

  it("says a missing field is required (invalid_type with no input)", () => {
    expect(messageFor(noticeCreateInput, { communityId: "C1", category: "affairs", bodyMd: "" }, "title", "zh")).toBe(
      "标题：必填",
    );
    expect(messageFor(noticeCreateInput, { communityId: "C1", category: "affairs", bodyMd: "" }, "title", "en")).toBe(
      "title: is required",
    );
  });

  it("says a field of the wrong type has the wrong type, not that it is missing", () => {
    expect(messageFor(noticeCreateInput, { ...notice, title: 42 }, "title", "zh")).toBe("标题：格式不正确");
    expect(messageFor(noticeCreateInput, { ...notice, title: 42 }, "title", "en")).toBe("title: has the wrong type");
  });

  it("uses the issue's input when zod reports it", () => {
    expect(validationMessage({ code: "invalid_type", path: ["title"], input: undefined }, "zh")).toBe("标题：必填");
    expect(validationMessage({ code: "invalid_type", path: ["title"], input: 5 }, "en")).toBe(
      "title: has the wrong type",
    );
  });

  it("translates a custom rule's message key with the field", () => {
    const input = { username: "新用户", displayName: "x", role: "grid_worker", password: "onlyletters" };
    expect(messageFor(staffCreateInput, input, "username", "zh")).toBe("用户名：只能包含小写字母、数字和连字符");
    expect(messageFor(staffCreateInput, input, "password", "en")).toBe(
      "password: needs at least 8 characters with letters and digits",
    );
  });

  it("falls back to the path's own name for an unknown field, and to 'input' for the root", () => {
    expect(fieldLabel(["weird"], "zh")).toBe("weird");
    expect(fieldLabel([], "zh")).toBe("输入");
    expect(fieldLabel(["officials", 0, "name"], "en")).toBe("name");
  });
});

describe("translate", () => {
  it("fills in parameters in both languages", () => {
    expect(translate("auth.locked", "zh", { minutes: 15 })).toBe("登录失败次数过多，请 15 分钟后再试");
    expect(translate("auth.locked", "en", { minutes: 15 })).toBe("Too many failed logins; try again in 15 minutes");
    expect(translate("notice.withdraw.tooEarly", "zh", { date: "2026-12-01" })).toMatch(/^撤回理由：.*2026-12-01/);
  });
});
