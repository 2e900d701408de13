import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { translate } from "../../shared/i18n/errors";
import { publicityEndsAt } from "../../shared/rules/notices";
import { contentHash, noticeWithdrawalContent, verifyChain } from "../../shared/rules/transparency";
import worker from "../../worker/index";
import { Client, tableCounts } from "./helpers";
import {
  communityId,
  createNotice,
  DAY,
  expectOk,
  openChain,
  openNotice,
  publishedNotice,
  recomputedHash,
  STREET,
  unique,
} from "./fixtures";

let staff: Client;
let admin: Client;
let anon: Client;
let hehua: string;

beforeAll(async () => {
  staff = await Client.as("community-staff");
  admin = await Client.as("community-admin");
  anon = new Client();
  hehua = await communityId("hehua");
});

const getPublic = (id: string, version?: number) =>
  anon.query<any>("notices.get", { street: STREET, community: "hehua", id, ...(version ? { version } : {}) });

/** Every published version's hash matches what an outsider recomputes from the open data. */
async function expectHashesRecompute(id: string, versions: number) {
  const latest = await openNotice("hehua", id);
  expect(latest.versions.map((v) => v.version)).toEqual(Array.from({ length: versions }, (_, i) => i + 1));
  for (const v of latest.versions) {
    const shown = await openNotice("hehua", id, v.version);
    expect(shown.current.version).toBe(v.version);
    expect(shown.current.contentHash).toBe(v.contentHash);
    expect(await recomputedHash(shown)).toBe(v.contentHash);
  }
}

async function setFirstPublished(id: string, at: number) {
  await env.DB.prepare("UPDATE notices SET first_published_at = ? WHERE id = ?").bind(at, id).run();
}

describe("notice lifecycle", () => {
  it("create → submit → publish → correct → withdraw, public and hash-chained at every step", async () => {
    const chainBefore = await openChain("hehua");
    const title = unique("关于小区绿化改造的公示");

    // Staff drafts: nothing public yet.
    const id = await createNotice(staff, "hehua", {
      title,
      category: "affairs",
      bodyMd: "## 改造内容\n\n| 区域 | 面积 |\n| --- | --- |\n| 北区 | 300㎡ |",
    });
    expect(expectOk(await staff.query("notices.edit", { id })).notice).toMatchObject({ status: "draft", title });
    expect(await getPublic(id)).toMatchObject({ ok: false, error: { data: { code: "NOT_FOUND" } } });

    // Staff submits.
    expect(expectOk(await staff.mutate("notices.submit", { id }))).toMatchObject({ status: "submitted" });
    expect(await getPublic(id)).toMatchObject({ ok: false, status: 404 });
    const list = expectOk(await anon.query<any>("notices.list", { street: STREET, community: "hehua", limit: 50 }));
    expect(list.items.map((n: any) => n.id)).not.toContain(id);

    // Admin publishes version 1.
    const t0 = Date.now();
    const v1 = expectOk(await admin.mutate<any>("notices.publish", { id }));
    expect(v1).toMatchObject({ status: "published", version: 1 });
    let pub = expectOk(await getPublic(id));
    expect(pub).toMatchObject({ status: "published", version: 1, title, withdrawal: null });
    expect(pub.current.contentHash).toBe(v1.contentHash);
    expect(pub.current.bodyHtml).toContain("<table>");
    expect(pub.current.publicityEndsAt).toBe(publicityEndsAt(pub.current.publishedAt, 15));
    expect(pub.current.publishedAt).toBeGreaterThanOrEqual(t0);
    expect(pub.versions).toHaveLength(1);
    await expectHashesRecompute(id, 1);

    // Admin corrects: version 2 with the change note; version 1 stays readable.
    const v2 = expectOk(
      await admin.mutate<any>("notices.correct", {
        id,
        title: title + "（更正）",
        bodyMd: "## 改造内容\n\n北区 320㎡。",
        changeNote: "更正北区面积",
      }),
    );
    expect(v2).toMatchObject({ status: "published", version: 2 });
    expect(v2.contentHash).not.toBe(v1.contentHash);
    pub = expectOk(await getPublic(id));
    expect(pub).toMatchObject({ status: "published", version: 2, title: title + "（更正）" });
    expect(pub.current).toMatchObject({ version: 2, changeNote: "更正北区面积", contentHash: v2.contentHash });
    expect(pub.versions.map((v: any) => [v.version, v.changeNote, v.contentHash])).toEqual([
      [1, "", v1.contentHash],
      [2, "更正北区面积", v2.contentHash],
    ]);
    const old = expectOk(await getPublic(id, 1));
    expect(old.current).toMatchObject({ version: 1, title, changeNote: "" });
    expect(old.current.bodyMd).toContain("300㎡");
    await expectHashesRecompute(id, 2);

    // Too early to withdraw.
    const early = await admin.mutate("notices.withdraw", { id, reason: "工程取消" });
    expect(early.ok).toBe(false);

    // Past the 15 days: withdraw.
    const firstPublished = Date.now() - 16 * DAY;
    await setFirstPublished(id, firstPublished);
    const wd = expectOk(await admin.mutate<any>("notices.withdraw", { id, reason: "工程取消，另行通知" }));
    expect(wd.status).toBe("withdrawn");
    pub = expectOk(await getPublic(id));
    expect(pub.status).toBe("withdrawn");
    expect(pub.version).toBe(2);
    expect(pub.versions).toHaveLength(2);
    expect(pub.withdrawal).toMatchObject({
      reason: "工程取消，另行通知",
      replacedBy: null,
      contentHash: wd.contentHash,
    });
    // Still listed publicly, marked withdrawn.
    const after = expectOk(await anon.query<any>("notices.list", { street: STREET, community: "hehua", limit: 50 }));
    expect(after.items.find((n: any) => n.id === id)).toMatchObject({ status: "withdrawn" });

    // The withdrawal's hash is recomputable from the open data too.
    const open = await openNotice("hehua", id);
    expect(open.withdrawal!.contentHash).toBe(
      await contentHash(
        noticeWithdrawalContent({
          street: STREET,
          community: "hehua",
          noticeId: id,
          version: 2,
          reason: open.withdrawal!.reason,
          withdrawnAt: open.withdrawal!.at,
          replacedBy: open.withdrawal!.replacedBy,
        }),
      ),
    );
    await expectHashesRecompute(id, 2);

    // The whole chain still verifies and ends with exactly these three entries.
    const chain = await openChain("hehua");
    expect(await verifyChain(chain)).toEqual({ ok: true, length: chain.length });
    expect(chain.slice(0, chainBefore.length)).toEqual(chainBefore);
    const added = chain.slice(chainBefore.length);
    expect(added.map((e) => [e.kind, e.recordId, e.version, e.contentHash])).toEqual([
      ["notice", id, 1, v1.contentHash],
      ["notice", id, 2, v2.contentHash],
      ["notice.withdrawal", id, 2, wd.contentHash],
    ]);
    expect(pub.versions.map((v: any) => v.logSeq)).toEqual([added[0].seq, added[1].seq]);
    expect(pub.withdrawal.logSeq).toBe(added[2].seq);

    // Every step is in the audit log with who did it.
    const audit = expectOk(await admin.query<any>("audit.list", { limit: 50 }));
    const mine = audit.items.filter((a: any) => a.entityId === id);
    // Records of the same millisecond have no defined order, so compare as a set.
    expect(mine.map((a: any) => `${a.action} ${a.actorName}`).sort()).toEqual([
      "notice.correct 王建国",
      "notice.create 李秀英",
      "notice.publish 王建国",
      "notice.submit 李秀英",
      "notice.withdraw 王建国",
    ]);
    expect(mine.map((a: any) => a.at)).toEqual([...mine.map((a: any) => a.at)].sort((x, y) => y - x));
    const correct = mine.find((a: any) => a.action === "notice.correct");
    expect(correct.before).toMatchObject({ version: 1 });
    expect(correct.after).toMatchObject({ version: 2, changeNote: "更正北区面积", contentHash: v2.contentHash });
    expect(mine.find((a: any) => a.action === "notice.withdraw").after).toMatchObject({
      status: "withdrawn",
      reason: "工程取消，另行通知",
    });
  });

  it("a transparency lookup finds a published hash", async () => {
    const id = await publishedNotice(admin, "hehua");
    const hash = (await openNotice("hehua", id)).current.contentHash;
    const r = expectOk(await anon.query<any>("transparency.verify", { street: STREET, community: "hehua", hash }));
    expect(r.found).toBe(true);
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]).toMatchObject({ kind: "notice", recordId: id, version: 1 });
    const miss = expectOk(
      await anon.query<any>("transparency.verify", { street: STREET, community: "hehua", hash: "0".repeat(64) }),
    );
    expect(miss.found).toBe(false);
  });
});

describe("withdrawal rules", () => {
  it("refuses a withdrawal within 15 days, naming the reason field and the end date", async () => {
    const id = await publishedNotice(admin, "hehua");
    const first = expectOk(await getPublic(id)).firstPublishedAt as number;
    const before = await tableCounts(env.DB);
    const r = await admin.mutate("notices.withdraw", { id, reason: "发布有误" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.data.code).toBe("BAD_REQUEST");
    const date = new Date(publicityEndsAt(first, 15) + 8 * 3600_000).toISOString().slice(0, 10);
    expect(r.error.message).toContain("撤回理由");
    expect(r.error.message).toContain(date);
    expect(r.error.data.fieldErrors?.reason).toBe(r.error.message);
    expect(await tableCounts(env.DB)).toEqual(before);
    expect(expectOk(await getPublic(id)).status).toBe("published");

    const en = new Client("en");
    en.cookie = admin.cookie;
    const r2 = await en.mutate("notices.withdraw", { id, reason: "wrong" });
    expect(!r2.ok && r2.error.message).toMatch(/^reason: .*15 days.*/);
    expect(!r2.ok && r2.error.message).toContain(date);
  });

  it("one day before the end is still too early", async () => {
    const id = await publishedNotice(admin, "hehua");
    await setFirstPublished(id, Date.now() - 14 * DAY);
    const r = await admin.mutate("notices.withdraw", { id, reason: "发布有误" });
    expect(!r.ok && r.error.data.code).toBe("BAD_REQUEST");
  });

  it("allows an early withdrawal when another published notice replaces it", async () => {
    const replaced = await publishedNotice(admin, "hehua");
    const replacement = await publishedNotice(admin, "hehua");
    const chainBefore = await openChain("hehua");
    const wd = expectOk(
      await admin.mutate<any>("notices.withdraw", { id: replaced, reason: "已由新公告替代", replacedBy: replacement }),
    );
    expect(wd.status).toBe("withdrawn");
    const pub = expectOk(await getPublic(replaced));
    expect(pub.status).toBe("withdrawn");
    expect(pub.withdrawal).toMatchObject({ reason: "已由新公告替代", replacedBy: replacement });
    const chain = await openChain("hehua");
    expect(await verifyChain(chain)).toMatchObject({ ok: true });
    expect(chain.slice(chainBefore.length).map((e) => [e.kind, e.recordId])).toEqual([["notice.withdrawal", replaced]]);
  });

  it("refuses a replacement that is not another published notice of the community", async () => {
    const target = await publishedNotice(admin, "hehua");
    const draft = await createNotice(admin, "hehua");
    const taoyuanNotice = (await env.DB.prepare(
      "SELECT id FROM notices WHERE community_id = ? AND status = 'published' LIMIT 1",
    )
      .bind(await communityId("taoyuan"))
      .first<{ id: string }>())!.id;
    const before = await tableCounts(env.DB);
    for (const replacedBy of [draft, taoyuanNotice, target, "NO-SUCH-ID"]) {
      const r = await admin.mutate("notices.withdraw", { id: target, reason: "替代", replacedBy });
      expect(!r.ok && r.error.data.code, replacedBy).toBe("BAD_REQUEST");
      expect(!r.ok && r.error.data.fieldErrors?.replacedBy).toMatch(/^替代公告：/);
    }
    expect(await tableCounts(env.DB)).toEqual(before);
  });

  it("cannot withdraw a draft or withdraw twice", async () => {
    const draft = await createNotice(admin, "hehua");
    expect(await admin.mutate("notices.withdraw", { id: draft, reason: "不需要" })).toMatchObject({
      ok: false,
      error: { data: { code: "BAD_REQUEST" } },
    });
    const id = await publishedNotice(admin, "hehua");
    await setFirstPublished(id, Date.now() - 20 * DAY);
    expectOk(await admin.mutate("notices.withdraw", { id, reason: "到期撤回" }));
    const before = await tableCounts(env.DB);
    const again = await admin.mutate("notices.withdraw", { id, reason: "再撤一次" });
    expect(!again.ok && again.error.data.code).toBe("BAD_REQUEST");
    const correct = await admin.mutate("notices.correct", { id, title: "复活", bodyMd: "x", changeNote: "复活" });
    expect(!correct.ok && correct.error.data.code).toBe("BAD_REQUEST");
    expect(await tableCounts(env.DB)).toEqual(before);
  });
});

describe("published notices are immutable", () => {
  it("notices.update after publication is refused and writes nothing", async () => {
    const id = await publishedNotice(admin, "hehua");
    const before = await tableCounts(env.DB);
    const row = await env.DB.prepare("SELECT * FROM notices WHERE id = ?").bind(id).first();
    for (const c of [admin, staff]) {
      const r = await c.mutate("notices.update", { id, title: "偷偷改标题", bodyMd: "偷偷改正文" });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.data.code).toBe("BAD_REQUEST");
      expect(r.error.message).toContain("更正");
    }
    expect(await tableCounts(env.DB)).toEqual(before);
    expect(await env.DB.prepare("SELECT * FROM notices WHERE id = ?").bind(id).first()).toEqual(row);
    await expectHashesRecompute(id, 1);
  });

  it("a draft can be edited, and editing a submitted notice sends it back to draft", async () => {
    const id = await createNotice(staff, "hehua");
    expectOk(await staff.mutate("notices.submit", { id }));
    expect(expectOk(await staff.mutate("notices.update", { id, title: "改过的标题" }))).toMatchObject({
      status: "draft",
    });
    expect(expectOk(await staff.query("notices.edit", { id })).notice).toMatchObject({
      status: "draft",
      title: "改过的标题",
    });
  });
});

describe("corrections and versions", () => {
  it("a correction identical to the current version is BAD_REQUEST notice.unchanged and writes nothing", async () => {
    const title = unique("不变的公告");
    const bodyMd = "## 事项\n\n原文不动。";
    const id = await createNotice(staff, "hehua", { title, bodyMd, category: "finance" });
    expectOk(await admin.mutate("notices.publish", { id }));
    const chainBefore = await openChain("hehua");
    const before = await tableCounts(env.DB);
    const row = await env.DB.prepare("SELECT * FROM notices WHERE id = ?").bind(id).first();
    const same = { id, title, bodyMd, changeNote: "没有改动" };
    for (const input of [
      same,
      { ...same, category: "finance" },
      { ...same, attachmentIds: [] },
      { ...same, category: "finance", attachmentIds: [], title: `  ${title}  ` },
    ]) {
      const r = await admin.mutate("notices.correct", input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (r.ok) continue;
      expect(r.status).toBe(400);
      expect(r.error.data.code).toBe("BAD_REQUEST");
      expect(r.error.message).toBe(translate("notice.unchanged", "zh"));
    }
    const en = new Client("en");
    en.cookie = admin.cookie;
    const r2 = await en.mutate("notices.correct", same);
    expect(!r2.ok && r2.error.message).toBe(translate("notice.unchanged", "en"));

    expect(await tableCounts(env.DB)).toEqual(before);
    expect(await env.DB.prepare("SELECT * FROM notices WHERE id = ?").bind(id).first()).toEqual(row);
    expect(await openChain("hehua")).toEqual(chainBefore);
    expect(expectOk(await getPublic(id)).versions).toHaveLength(1);

    // A change of category alone is a change: it publishes version 2.
    const v2 = expectOk(
      await admin.mutate<any>("notices.correct", { ...same, category: "affairs", changeNote: "改类别" }),
    );
    expect(v2).toMatchObject({ status: "published", version: 2 });
    expect(expectOk(await getPublic(id)).current).toMatchObject({ category: "affairs", title, bodyMd });
    await expectHashesRecompute(id, 2);
  });

  it("a version that does not exist is NOT_FOUND in tRPC and 404 in the open data", async () => {
    const id = await publishedNotice(admin, "hehua");
    expectOk(
      await admin.mutate("notices.correct", { id, title: unique("第二版"), bodyMd: "新", changeNote: "第二版" }),
    );
    expect(expectOk(await getPublic(id, 2)).shownVersion).toBe(2);
    expect(expectOk(await getPublic(id, 1)).shownVersion).toBe(1);

    for (const version of [3, 99]) {
      const r = await getPublic(id, version);
      expect(r, `version ${version}`).toMatchObject({ ok: false, status: 404, error: { data: { code: "NOT_FOUND" } } });
      expect(!r.ok && r.error.message).toBe("找不到该公告");
      const res = await anon.fetch(`/api/open/v1/${STREET}/hehua/notices/${id}?version=${version}`);
      expect(res.status, `open data version ${version}`).toBe(404);
      const body = (await res.json()) as { error: { code: string } };
      expect(body.error.code).toBe("NOT_FOUND");
    }
    expect((await openNotice("hehua", id, 1)).current.version).toBe(1);
    expect((await openNotice("hehua", id)).current.version).toBe(2);
  });
});

describe("input validation", () => {
  const valid = () => ({ communityId: hehua, category: "affairs", title: "标题", bodyMd: "正文" });

  it.each([
    ["an empty title", { title: "" }, "title", "标题"],
    ["a blank title", { title: "   " }, "title", "标题"],
    ["a title of 201 characters", { title: "字".repeat(201) }, "title", "标题"],
    ["an unknown category", { category: "gossip" }, "category", "类别"],
    ["a missing title", { title: undefined }, "title", "标题"],
    ["a publicity period under 15 days", { publicityDays: 7 }, "publicityDays", "公示天数"],
  ])("%s → BAD_REQUEST naming the field, nothing written", async (_label, patch, field, zh) => {
    const before = await tableCounts(env.DB);
    const r = await staff.mutate("notices.create", { ...valid(), ...patch });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status).toBe(400);
    expect(r.error.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(r.error.data.fieldErrors ?? {})).toEqual([field]);
    expect(r.error.data.fieldErrors![field]).toMatch(new RegExp(`^${zh}：`));
    expect(r.error.message).toContain(zh);
    expect(await tableCounts(env.DB)).toEqual(before);
  });

  it("a title of exactly 200 characters is accepted", async () => {
    const r = await staff.mutate("notices.create", { ...valid(), title: "字".repeat(200) });
    expect(r.ok).toBe(true);
  });

  it("names the fields in English for an English client", async () => {
    const en = new Client("en");
    expectOk(await en.mutate("auth.login", { username: "community-staff", password: "demo12345" }));
    const before = await tableCounts(env.DB);
    const r = await en.mutate("notices.create", { ...valid(), title: "", category: "gossip" });
    expect(!r.ok && r.error.data.fieldErrors).toEqual({
      title: "title: must not be empty",
      category: expect.stringMatching(/^category: must be one of /),
    });
    const long = await en.mutate("notices.create", { ...valid(), title: "x".repeat(201) });
    expect(!long.ok && long.error.data.fieldErrors?.title).toBe("title: must be at most 200 characters");
    const wrongType = await en.mutate("notices.create", { ...valid(), title: 42 });
    expect(!wrongType.ok && wrongType.error.data.fieldErrors?.title).toBe("title: has the wrong type");
    expect(await tableCounts(env.DB)).toEqual(before);
  });

  it("a correction needs a change note", async () => {
    const id = await publishedNotice(admin, "hehua");
    const before = await tableCounts(env.DB);
    const r = await admin.mutate("notices.correct", { id, title: "新标题", bodyMd: "新正文", changeNote: " " });
    expect(!r.ok && r.error.data.fieldErrors?.changeNote).toMatch(/^更正说明：/);
    expect(await tableCounts(env.DB)).toEqual(before);
  });
});

describe("scheduled publication", () => {
  it("publishes at the scheduled time through the cron handler", async () => {
    const id = await createNotice(staff, "hehua", { title: unique("定时公告") });
    expectOk(await staff.mutate("notices.submit", { id }));
    const chainBefore = await openChain("hehua");
    const at = Date.now() + 3600_000;
    const r = expectOk(await admin.mutate<any>("notices.publish", { id, at }));
    expect(r.status).toBe("scheduled");
    expect(expectOk(await staff.query("notices.edit", { id })).notice).toMatchObject({
      status: "scheduled",
      scheduledAt: at,
    });
    expect(await getPublic(id)).toMatchObject({ ok: false, status: 404 });
    expect(await openChain("hehua")).toEqual(chainBefore);

    // Not yet due: the cron leaves it alone.
    let ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "*/5 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await getPublic(id)).toMatchObject({ ok: false, status: 404 });

    // Due: the cron publishes it.
    await env.DB.prepare("UPDATE notices SET scheduled_at = ? WHERE id = ?")
      .bind(Date.now() - 60_000, id)
      .run();
    const t0 = Date.now();
    ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "*/5 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);

    const pub = expectOk(await getPublic(id));
    expect(pub).toMatchObject({ status: "published", version: 1 });
    expect(pub.current.publishedAt).toBeGreaterThanOrEqual(t0);
    await expectHashesRecompute(id, 1);
    const chain = await openChain("hehua");
    expect(await verifyChain(chain)).toMatchObject({ ok: true });
    expect(chain.slice(chainBefore.length).map((e) => [e.kind, e.recordId, e.version, e.contentHash])).toEqual([
      ["notice", id, 1, pub.current.contentHash],
    ]);
    const edit = expectOk(await staff.query<any>("notices.edit", { id })).notice;
    expect(edit).toMatchObject({ status: "published", scheduledAt: null });

    const audit = expectOk(await admin.query<any>("audit.list", { limit: 50 }));
    const actions = audit.items.filter((a: any) => a.entityId === id).map((a: any) => a.action);
    expect(actions.sort()).toEqual(["notice.create", "notice.publish", "notice.schedule", "notice.submit"]);

    // Running the cron again publishes nothing twice.
    ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "*/5 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(expectOk(await getPublic(id)).versions).toHaveLength(1);
    expect((await openChain("hehua")).length).toBe(chain.length);
  });

  it("refuses a publication time in the past", async () => {
    const id = await createNotice(staff, "hehua");
    const before = await tableCounts(env.DB);
    const r = await admin.mutate("notices.publish", { id, at: Date.now() - 3600_000 });
    expect(!r.ok && r.error.data.fieldErrors?.at).toMatch(/^定时发布时间：/);
    expect(await tableCounts(env.DB)).toEqual(before);
  });
});
