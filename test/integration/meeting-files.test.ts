import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { translate } from "../../shared/i18n/errors";
import { sha256Hex } from "../../shared/rules/transparency";
import { Client } from "./helpers";
import { communityId, DAY, expectOk, STREET } from "./fixtures";

/**
 * Papers on agenda items (public once the meeting is announced) and evidence on decision updates
 * (public once the update is posted); editing the agenda keeps each item's id and files.
 */

const enc = new TextEncoder();
const PDF = enc.encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

type Uploaded = { id: string; name: string; sha256: string };
type FileRef = { id: string; name: string; sha256: string };
type ManagedItem = { id: string; seq: number; title: string; attachments: FileRef[] };

let staff: Client;
let taoyuan: Client;
let hehua: string;
const anon = new Client();
const ref = { street: STREET, community: "hehua" };

beforeAll(async () => {
  staff = await Client.as("community-staff");
  taoyuan = await Client.as("taoyuan-admin");
  hehua = await communityId("hehua");
});

function upload(c: Client, path: string, bytes: Uint8Array<ArrayBuffer>, name: string) {
  const form = new FormData();
  form.append("file", new File([bytes], name));
  return c.fetch(`/files/${path}`, { method: "POST", body: form });
}

async function items(id: string): Promise<ManagedItem[]> {
  return expectOk(await staff.query<{ items: ManagedItem[] }>("meetings.manage", { id })).items;
}

describe("agenda item papers", () => {
  let meetingId: string;
  let first: ManagedItem;
  let plan: Uploaded;

  it("are uploaded to a draft's item and stay private until the meeting is announced", async () => {
    meetingId = expectOk(
      await staff.mutate<{ id: string }>("meetings.create", {
        communityId: hehua,
        kind: "representatives_meeting",
        basis: "representatives",
        title: "带附件的居民代表会议",
        place: "社区活动中心",
        startsAt: Date.now() + 3 * DAY,
        items: [
          { title: "加装电梯方案", proposedResolution: "同意方案" },
          { title: "停车收费调整", proposedResolution: "同意调整" },
        ],
      }),
    ).id;
    [first] = await items(meetingId);
    const res = await upload(staff, `meeting-items/${first.id}`, PDF, "电梯方案.pdf");
    expect(res.status).toBe(200);
    plan = (await res.json()) as Uploaded;
    expect(plan.sha256).toBe(await sha256Hex(PDF));
    expect((await items(meetingId))[0].attachments.map((a) => a.id)).toEqual([plan.id]);

    // Not public yet: neither the file nor (the meeting is a draft) the meeting.
    expect((await anon.fetch(`/files/${plan.id}`)).status).toBe(404);
    expect((await staff.fetch(`/files/${plan.id}`)).status).toBe(200);
    expect((await taoyuan.fetch(`/files/${plan.id}`)).status).toBe(404);
  });

  it("editing the agenda keeps an item's id and files; a dropped item's files are detached", async () => {
    const [a, b] = await items(meetingId);
    const drawing = (await (await upload(staff, `meeting-items/${b.id}`, PNG, "停车示意图.png")).json()) as Uploaded;
    expectOk(
      await staff.mutate("meetings.update", {
        id: meetingId,
        kind: "representatives_meeting",
        basis: "representatives",
        title: "带附件的居民代表会议",
        place: "社区活动中心",
        startsAt: Date.now() + 3 * DAY,
        // Reordered, the second dropped, a new one added.
        items: [
          { title: "新增：楼道照明", proposedResolution: "同意更新" },
          { id: a.id, title: "加装电梯方案（修订）" },
        ],
      }),
    );
    const after = await items(meetingId);
    expect(after.map((i) => [i.seq, i.title])).toEqual([
      [1, "新增：楼道照明"],
      [2, "加装电梯方案（修订）"],
    ]);
    expect(after[1].id).toBe(a.id);
    expect(after[1].attachments.map((f) => f.id)).toEqual([plan.id]);
    expect(after.some((i) => i.id === b.id)).toBe(false);
    const orphan = await env.DB.prepare("SELECT meeting_item_id FROM attachments WHERE id = ?")
      .bind(drawing.id)
      .first<{ meeting_item_id: string | null }>();
    expect(orphan?.meeting_item_id).toBeNull();
  });

  it("an unpublished paper can be deleted; the item keeps the others", async () => {
    const [, item] = await items(meetingId);
    const spare = (await (await upload(staff, `meeting-items/${item.id}`, PDF, "多余.pdf")).json()) as Uploaded;
    expect((await items(meetingId))[1].attachments.map((f) => f.id)).toEqual([plan.id, spare.id]);
    expectOk(await staff.mutate("notices.removeAttachment", { id: spare.id }));
    expect((await items(meetingId))[1].attachments.map((f) => f.id)).toEqual([plan.id]);
    expect((await staff.fetch(`/files/${spare.id}`)).status).toBe(404);
    expect(await env.FILES.get(`c/${hehua}/${spare.id}`)).toBeNull();
  });

  it("become public with the announcement, listed under their item; no more files after that", async () => {
    expectOk(await staff.mutate("meetings.announce", { id: meetingId }));
    const m = expectOk(
      await anon.query<{ items: { id: string; attachments: FileRef[] }[] }>("meetings.get", { ...ref, id: meetingId }),
    );
    expect(m.items.find((i) => i.id === first.id)?.attachments).toMatchObject([{ id: plan.id, name: "电梯方案.pdf" }]);
    const file = await anon.fetch(`/files/${plan.id}`);
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PDF);

    // Public now: it can no longer be deleted.
    const removal = await staff.mutate("notices.removeAttachment", { id: plan.id });
    expect(removal.ok).toBe(false);
    const late = await upload(staff, `meeting-items/${first.id}`, PDF, "迟到的附件.pdf");
    expect(late.status).toBe(400);
    expect(((await late.json()) as { error: { message: string } }).error.message).toBe(
      translate("meeting.notDraft", "zh"),
    );
  });

  it("another community's staff cannot upload to the item", async () => {
    const res = await upload(taoyuan, `meeting-items/${first.id}`, PDF, "x.pdf");
    expect(res.status).toBe(404);
  });
});

describe("decision update evidence", () => {
  type Decision = {
    id: string;
    updates: { id: string; note: string; attachments: FileRef[] }[];
  };
  let decision: Decision;

  it("is posted with the update and appears in the public timeline; files of another decision are refused", async () => {
    const registry = expectOk(await anon.query<Decision[]>("decisions.list", ref));
    decision = registry[0];
    const photo = (await (await upload(staff, `decisions/${decision.id}`, PNG, "施工照片.png")).json()) as Uploaded;
    expect((await anon.fetch(`/files/${photo.id}`)).status).toBe(404);

    // A file uploaded for another decision cannot ride along.
    const other = (
      await env.DB.prepare("SELECT id FROM decisions WHERE community_id = ? AND id != ? LIMIT 1")
        .bind(hehua, decision.id)
        .first<{ id: string }>()
    )?.id;
    if (other) {
      const stray = (await (await upload(staff, `decisions/${other}`, PDF, "别的.pdf")).json()) as Uploaded;
      const bad = await staff.mutate("decisions.addUpdate", {
        decisionId: decision.id,
        status: "in_progress",
        progress: 70,
        note: "不应成功",
        attachmentIds: [photo.id, stray.id],
      });
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.error.data.fieldErrors?.attachmentIds).toBe(translate("attachment.notPending", "zh"));
    }

    const posted = expectOk(
      await staff.mutate<{ id: string }>("decisions.addUpdate", {
        decisionId: decision.id,
        status: "in_progress",
        progress: 70,
        note: "主体结构完工，附施工照片。",
        attachmentIds: [photo.id],
      }),
    );
    const after = expectOk(await anon.query<Decision[]>("decisions.list", ref)).find((d) => d.id === decision.id)!;
    const update = after.updates.find((u) => u.id === posted.id)!;
    expect(update.attachments).toMatchObject([{ id: photo.id, name: "施工照片.png" }]);
    expect((await anon.fetch(`/files/${photo.id}`)).status).toBe(200);

    // Posted once: the same file cannot be attached to a second update.
    const again = await staff.mutate("decisions.addUpdate", {
      decisionId: decision.id,
      status: "in_progress",
      progress: 75,
      note: "重复附件",
      attachmentIds: [photo.id],
    });
    expect(again.ok).toBe(false);
  });
});
