import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client } from "./helpers";
import { communityId, createNotice, expectOk, publishedNotice } from "./fixtures";

type Item = { id: string; title: string; status: string; category: string; pinned: boolean };
type Home = {
  id: string;
  slug: string;
  name: string;
  kind: string;
  address: string;
  officeHours: string;
  contactPhone: string;
  intro: string;
  street: { slug: string; name: string };
  officials: { body: string; name: string; post: string }[];
  notices: { pinned: Item[]; latest: { category: string; items: Item[] }[] };
};

const home = (community: string) =>
  new Client().query<Home>("directory.community", { street: "demo-street", community });

describe("directory", () => {
  it("lists the street offices and their communities", async () => {
    const streets = expectOk(await new Client().query<{ slug: string; name: string }[]>("directory.streets"));
    expect(streets).toContainEqual(expect.objectContaining({ slug: "demo-street", name: "示范街道办事处" }));
    const list = expectOk(await new Client().query<any[]>("directory.communities", { street: "demo-street" }));
    expect(list.map((c) => c.slug).sort()).toEqual(["hehua", "liushu", "taoyuan"]);
    expect(list.find((c) => c.slug === "liushu")).toMatchObject({ name: "柳树村", kind: "village" });
  });

  it("shows hehua's profile and its committee and supervisory officials in full", async () => {
    const h = expectOk(await home("hehua"));
    expect(h).toMatchObject({
      slug: "hehua",
      name: "荷花社区",
      kind: "urban",
      address: "示范市示范区荷花路 18 号",
      contactPhone: "021-55501234",
      street: { slug: "demo-street", name: "示范街道办事处" },
    });
    expect(h.officeHours).toContain("周一至周五");
    expect(h.intro).toContain("荷花社区居民委员会");
    const committee = h.officials.filter((o) => o.body === "committee");
    const supervisory = h.officials.filter((o) => o.body === "supervisory");
    expect(committee.map((o) => [o.name, o.post])).toEqual([
      ["王建国", "居委会主任"],
      ["李秀英", "居委会副主任"],
      ["张伟", "委员"],
      ["陈静", "委员"],
    ]);
    expect(supervisory.map((o) => [o.name, o.post])).toEqual([
      ["刘洋", "居务监督委员会主任"],
      ["赵敏", "委员"],
      ["孙强", "委员"],
    ]);
    expect(JSON.stringify(h.officials)).not.toContain("*");
  });

  it("shows pinned and latest notices, and never drafts", async () => {
    const staff = await Client.as("community-staff");
    const admin = await Client.as("community-admin");
    const draft = await createNotice(staff, "hehua", { title: "目录测试草稿", category: "party" });
    const submitted = await createNotice(staff, "hehua", { title: "目录测试已提交", category: "party" });
    expectOk(await staff.mutate("notices.submit", { id: submitted }));
    const fresh = await publishedNotice(admin, "hehua", "目录测试新公告");

    const h = expectOk(await home("hehua"));
    expect(h.notices.pinned.map((n) => n.title)).toEqual(["荷花社区 2026 年第三季度居务公开"]);
    expect(h.notices.pinned.every((n) => n.pinned && n.status === "published")).toBe(true);

    const latest = h.notices.latest.flatMap((g) => g.items);
    expect(latest.length).toBeGreaterThan(0);
    for (const g of h.notices.latest) expect(g.items.every((n) => n.category === g.category)).toBe(true);
    const titles = latest.map((n) => n.title);
    expect(titles).toContain("十二月主题党日活动安排");
    expect(titles).toContain("2026 年 11 月临时救助名单公示");
    expect(latest.map((n) => n.id)).toContain(fresh);
    expect(latest.every((n) => ["published", "withdrawn"].includes(n.status))).toBe(true);

    const text = JSON.stringify(h);
    for (const hidden of ["冬季消防安全提示（草稿）", "社区志愿者招募公告", "目录测试草稿", "目录测试已提交"])
      expect(text).not.toContain(hidden);
    expect(text).not.toContain(draft);
    expect(text).not.toContain(submitted);
    expect(text).not.toContain('"draft"');
    expect(text).not.toContain('"submitted"');
  });

  it("a withdrawn notice is not pinned", async () => {
    const hehua = await communityId("hehua");
    const admin = await Client.as("community-admin");
    const id = await createNotice(admin, "hehua", { title: "置顶后撤回", pinned: true });
    expectOk(await admin.mutate("notices.publish", { id }));
    expect(expectOk(await home("hehua")).notices.pinned.map((n) => n.id)).toContain(id);
    await env.DB.prepare("UPDATE notices SET first_published_at = ? WHERE id = ? AND community_id = ?")
      .bind(Date.now() - 20 * 86_400_000, id, hehua)
      .run();
    expectOk(await admin.mutate("notices.withdraw", { id, reason: "期满撤回" }));
    expect(expectOk(await home("hehua")).notices.pinned.map((n) => n.id)).not.toContain(id);
  });

  it("a village has its own profile", async () => {
    const l = expectOk(await home("liushu"));
    expect(l).toMatchObject({ slug: "liushu", kind: "village", name: "柳树村" });
    expect(l.officials.map((o) => o.name)).toEqual(["郑大山", "冯玉兰"]);
  });

  it("an unknown community or street is NOT_FOUND", async () => {
    for (const input of [
      { street: "demo-street", community: "nowhere" },
      { street: "no-street", community: "hehua" },
    ]) {
      const r = await new Client().query("directory.community", input);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.status).toBe(404);
      expect(r.error.data.code).toBe("NOT_FOUND");
      expect(r.error.message).toBe("找不到该社区");
    }
    const en = await new Client("en").query("directory.community", { street: "demo-street", community: "nowhere" });
    expect(!en.ok && en.error.message).toBe("Community not found");
  });

  it("an invalid slug is a BAD_REQUEST naming the field", async () => {
    const r = await new Client().query("directory.community", { street: "demo-street", community: "Not A Slug" });
    expect(!r.ok && r.error.data.fieldErrors?.community).toMatch(/^社区：/);
  });
});
