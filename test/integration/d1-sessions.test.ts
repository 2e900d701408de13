import { describe, expect, it } from "vitest";
import { Client } from "./helpers";
import { communityId } from "./fixtures";

const BOOKMARK = "x-linli-d1-bookmark";

describe("D1 sessions: reads may go to replicas, a writer reads its own writes", () => {
  it("a write answers with its bookmark, and a read sent with it sees the write", async () => {
    const staff = await Client.as("community-staff");
    const res = await staff.fetch("/trpc/notices.create", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        communityId: await communityId("hehua"),
        category: "affairs",
        title: "会话一致性测试",
        bodyMd: "内容",
      }),
    });
    expect(res.status).toBe(200);
    const bookmark = res.headers.get(BOOKMARK);
    expect(bookmark).toBeTruthy();
    const { id } = ((await res.json()) as { result: { data: { id: string } } }).result.data;

    const read = await staff.fetch(`/trpc/notices.edit?input=${encodeURIComponent(JSON.stringify({ id }))}`, {
      headers: { [BOOKMARK]: bookmark! },
    });
    expect(read.status).toBe(200);
    expect(read.headers.get(BOOKMARK)).toBeNull();
    const body = (await read.json()) as { result: { data: { notice: { title: string } } } };
    expect(body.result.data.notice.title).toBe("会话一致性测试");
  });

  it("reads answer without a bookmark, and a malformed one is ignored", async () => {
    const path = `/trpc/directory.community?input=${encodeURIComponent(JSON.stringify({ street: "demo-street", community: "hehua" }))}`;
    const plain = await new Client().fetch(path);
    expect(plain.status).toBe(200);
    expect(plain.headers.get(BOOKMARK)).toBeNull();
    const junk = await new Client().fetch(path, { headers: { [BOOKMARK]: "'; DROP TABLE notices; --" } });
    expect(junk.status).toBe(200);
  });
});
