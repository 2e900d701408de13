import { describe, expect, it } from "vitest";
import { Client } from "./helpers";

describe("decisions open data", () => {
  it("lists each decision with its own title, its meeting and its updates, as JSON and CSV", async () => {
    const c = new Client();
    const res = await c.fetch("/api/open/v1/demo-street/hehua/decisions");
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const body = (await res.json()) as {
      items: { title: string; meetingTitle: string; status: string; progress: number; updates: { note: string }[] }[];
    };
    const elevator = body.items.find((d) => d.title === "3 号楼加装电梯立项");
    expect(elevator).toBeDefined();
    expect(elevator!.meetingTitle).toBe("2026 年第三次居民代表会议");
    expect(elevator!.progress).toBe(45);
    expect(elevator!.updates.map((u) => u.note)).toContain("设计方案公示并征求意见（见居务公开）。");

    const bytes = new Uint8Array(await (await c.fetch("/api/open/v1/demo-street/hehua/decisions.csv")).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM, for Excel
    const csv = new TextDecoder().decode(bytes);
    expect(csv).toContain("3 号楼加装电梯立项,同意 3 号楼加装电梯立项");
    expect(csv).toContain("2026 年第三次居民代表会议,in_progress,45");
  });
});
