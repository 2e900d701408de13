import { beforeAll, describe, expect, it } from "vitest";
import { Client } from "./helpers";
import { expectOk, publishedNotice } from "./fixtures";

const ref = { street: "demo-street", community: "hehua" };
const path = (id: string) => `/trpc/notices.get?input=${encodeURIComponent(JSON.stringify({ ...ref, id }))}`;

let admin: Client;
beforeAll(async () => {
  admin = await Client.as("community-admin");
});

describe("public reads revalidate with strong ETags", () => {
  it("answers 304 while a notice is unchanged, and its correction at once", async () => {
    const id = await publishedNotice(admin, "hehua", "停水通知（第一版）");
    const visitor = new Client();
    const first = await visitor.fetch(path(id));
    expect(first.status).toBe(200);
    const tag = first.headers.get("etag")!;
    expect(tag).toMatch(/^"[0-9a-f]+"$/); // strong: no W/ prefix
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    await first.arrayBuffer();

    const again = await visitor.fetch(path(id), { headers: { "if-none-match": tag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(tag);

    expectOk(
      await admin.mutate("notices.correct", {
        id,
        title: "停水通知（更正）",
        bodyMd: "停水时间改为 9:00–11:00。",
        changeNote: "更正停水时间",
      }),
    );
    const corrected = await visitor.fetch(path(id), { headers: { "if-none-match": tag } });
    expect(corrected.status).toBe(200);
    expect(corrected.headers.get("etag")).not.toBe(tag);
    const body = (await corrected.json()) as { result: { data: { current: { title: string; version: number } } } };
    expect(body.result.data.current).toMatchObject({ title: "停水通知（更正）", version: 2 });
  });

  it("never tags a refusal or a write; answers about the caller stay private", async () => {
    const missing = await new Client().fetch(path("nope"));
    expect(missing.status).toBe(404);
    expect(missing.headers.get("etag")).toBeNull();
    const me = await admin.fetch("/trpc/auth.me");
    expect(me.headers.get("cache-control")).toBe("private, no-cache");
    const write = await admin.fetch("/trpc/notices.create", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        communityId: (await me.json().then((b: any) => b.result.data.community.id)) as string,
        category: "affairs",
        title: "草稿",
        bodyMd: "内容",
      }),
    });
    expect(write.status).toBe(200);
    expect(write.headers.get("etag")).toBeNull();
  });
});
