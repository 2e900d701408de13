import { describe, expect, it } from "vitest";
import { Client } from "./helpers";

describe("smoke", () => {
  it("serves the bare route and the seeded directory", async () => {
    const c = new Client();
    const health = await c.fetch("/api/health");
    expect(await health.json()).toEqual({ ok: true });
    const list = await c.query<{ slug: string }[]>("directory.communities");
    expect(list.ok && list.data.map((x) => x.slug).sort()).toEqual(["hehua", "liushu", "taoyuan"]);
  });
});
