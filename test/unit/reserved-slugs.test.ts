import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { communityCreateInput, RESERVED_SLUGS, tenantSlug } from "../../shared/schemas/admin";

describe("a street or community slug can never shadow one of the app's own paths", () => {
  it("reserves every first path segment the app routes", () => {
    const app = readFileSync(new URL("../../web/App.tsx", import.meta.url), "utf8");
    const topLevel = [...app.matchAll(/^ {6}<Route path="\/([a-z-]+)/gm)].map((m) => m[1]);
    expect(topLevel.length).toBeGreaterThan(5);
    for (const segment of [...topLevel, "api", "trpc", "files", "assets"])
      expect(RESERVED_SLUGS, segment).toContain(segment);
  });

  it("refuses them for a community and a street, and takes the slug next to them", () => {
    const r = communityCreateInput.safeParse({ slug: "track", name: "测试社区", kind: "urban" });
    expect(r.error?.issues.find((i) => i.path[0] === "slug")?.message).toBe("validation.reservedSlug");
    expect(tenantSlug.safeParse("verify").success).toBe(false);
    expect(tenantSlug.safeParse("tracks").success).toBe(true);
  });
});
