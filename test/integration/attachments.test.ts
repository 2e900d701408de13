import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { translate } from "../../shared/i18n/errors";
import { contentHash, noticeVersionContent, sha256Hex, verifyChain } from "../../shared/rules/transparency";
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
} from "./fixtures";

let staff: Client;
let admin: Client;

beforeAll(async () => {
  staff = await Client.as("community-staff");
  admin = await Client.as("community-admin");
});

const enc = new TextEncoder();
const PDF = enc.encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

function upload(c: Client, noticeId: string, bytes: Uint8Array<ArrayBuffer>, name: string, type = "application/pdf") {
  const form = new FormData();
  form.append("file", new File([bytes], name, { type }));
  return c.fetch(`/files/notices/${noticeId}`, { method: "POST", body: form });
}

type Uploaded = { id: string; name: string; contentType: string; size: number; sha256: string };

async function attachmentRows(noticeId: string) {
  return (await env.DB.prepare("SELECT * FROM attachments WHERE notice_id = ?").bind(noticeId).all()).results;
}

describe("attachments", () => {
  it("upload → private while a draft → public, immutable and hashed once published", async () => {
    const id = await createNotice(staff, "hehua", { title: "带附件的公告" });
    const res = await upload(staff, id, PDF, "预算表.pdf");
    expect(res.status).toBe(200);
    const file = (await res.json()) as Uploaded;
    expect(file).toMatchObject({ name: "预算表.pdf", contentType: "application/pdf", size: PDF.byteLength });
    expect(file.sha256).toBe(await sha256Hex(PDF));

    // Before publication: staff can fetch it, the public cannot.
    const anonBefore = await new Client().fetch(`/files/${file.id}`);
    expect(anonBefore.status).toBe(404);
    const residentBefore = await (await Client.as("resident")).fetch(`/files/${file.id}`);
    expect(residentBefore.status).toBe(404);
    const staffGet = await staff.fetch(`/files/${file.id}`);
    expect(staffGet.status).toBe(200);
    expect(new Uint8Array(await staffGet.arrayBuffer())).toEqual(PDF);
    expect(staffGet.headers.get("cache-control")).toMatch(/no-store/);
    expect(staffGet.headers.get("cache-control")).not.toMatch(/public/);
    const supervisorGet = await (await Client.as("supervisor")).fetch(`/files/${file.id}`);
    expect(supervisorGet.status).toBe(200);
    await supervisorGet.arrayBuffer();
    const foreign = await (await Client.as("taoyuan-admin")).fetch(`/files/${file.id}`);
    expect(foreign.status).toBe(404);

    const edit = expectOk(await staff.query<any>("notices.edit", { id }));
    expect(edit.attachments).toEqual([
      expect.objectContaining({ id: file.id, sha256: file.sha256, publishedAt: null }),
    ]);

    // Publish: the file becomes public and permanent.
    const chainBefore = await openChain("hehua");
    const v1 = expectOk(await admin.mutate<any>("notices.publish", { id }));
    const anonAfter = await new Client().fetch(`/files/${file.id}`);
    expect(anonAfter.status).toBe(200);
    expect(anonAfter.headers.get("content-type")).toBe("application/pdf");
    expect(anonAfter.headers.get("cache-control")).toMatch(/public/);
    expect(anonAfter.headers.get("cache-control")).toMatch(/immutable/);
    expect(anonAfter.headers.get("x-content-type-options")).toBe("nosniff");
    expect(anonAfter.headers.get("content-disposition")).toMatch(/^inline; filename\*=UTF-8''/);
    const served = new Uint8Array(await anonAfter.arrayBuffer());
    expect(await sha256Hex(served)).toBe(file.sha256);

    // The version lists it, and its sha256 is part of the hashed content.
    const pub = expectOk(await new Client().query<any>("notices.get", { street: STREET, community: "hehua", id }));
    expect(pub.current.attachments).toEqual([
      { id: file.id, name: "预算表.pdf", contentType: "application/pdf", size: PDF.byteLength, sha256: file.sha256 },
    ]);
    const open = await openNotice("hehua", id);
    expect(await recomputedHash(open)).toBe(v1.contentHash);
    const withoutFile = await contentHash(
      noticeVersionContent({
        ...open.current,
        street: open.street,
        community: open.community,
        noticeId: id,
        attachments: [],
      }),
    );
    expect(withoutFile).not.toBe(v1.contentHash);
    const otherBytes = await contentHash(
      noticeVersionContent({
        ...open.current,
        street: open.street,
        community: open.community,
        noticeId: id,
        attachments: [{ ...open.current.attachments[0], sha256: await sha256Hex("tampered") }],
      }),
    );
    expect(otherBytes).not.toBe(v1.contentHash);
    const chain = await openChain("hehua");
    expect(await verifyChain(chain)).toMatchObject({ ok: true });
    expect(chain.slice(chainBefore.length).map((e) => e.contentHash)).toEqual([v1.contentHash]);

    // A published file cannot be removed any more.
    const before = await tableCounts(env.DB);
    const remove = await staff.mutate("notices.removeAttachment", { id: file.id });
    expect(!remove.ok && remove.error.data.code).toBe("BAD_REQUEST");
    expect(await tableCounts(env.DB)).toEqual(before);
    expect((await new Client().fetch(`/files/${file.id}`)).status).toBe(200);
  });

  it("a correction keeps the files of the version before and adds new uploads", async () => {
    const id = await createNotice(staff, "hehua");
    const first = (await (await upload(staff, id, PDF, "一.pdf")).json()) as Uploaded;
    expectOk(await admin.mutate("notices.publish", { id }));
    const second = (await (await upload(staff, id, PNG, "二.png", "image/png")).json()) as Uploaded;
    expect(second.contentType).toBe("image/png");
    expect((await new Client().fetch(`/files/${second.id}`)).status).toBe(404);
    const v2 = expectOk(
      await admin.mutate<any>("notices.correct", { id, title: "更正后", bodyMd: "见附件", changeNote: "补充照片" }),
    );
    const open = await openNotice("hehua", id);
    expect(open.current.attachments.map((a) => a.id)).toEqual([first.id, second.id]);
    expect(await recomputedHash(open)).toBe(v2.contentHash);
    expect((await openNotice("hehua", id, 1)).current.attachments.map((a) => a.id)).toEqual([first.id]);
    expect((await new Client().fetch(`/files/${second.id}`)).status).toBe(200);
  });

  it("a correction with the same text and the same files is unchanged; adding a file is a change", async () => {
    const id = await createNotice(staff, "hehua", { title: "附件不变", bodyMd: "见附件" });
    const first = (await (await upload(staff, id, PDF, "原件.pdf")).json()) as Uploaded;
    expectOk(await admin.mutate("notices.publish", { id }));
    const before = await tableCounts(env.DB);
    const same = { id, title: "附件不变", bodyMd: "见附件", changeNote: "重发" };
    // Repeating a file or naming one that is not this notice's does not make the files differ.
    const variants = [
      same,
      { ...same, attachmentIds: [first.id] },
      { ...same, attachmentIds: [first.id, first.id] },
      { ...same, attachmentIds: [first.id, "NO-SUCH-FILE"] },
    ];
    for (const input of variants) {
      const r = await admin.mutate("notices.correct", input);
      expect(!r.ok && r.error.data.code, JSON.stringify(input)).toBe("BAD_REQUEST");
      expect(!r.ok && r.error.message).toBe(translate("notice.unchanged", "zh"));
    }
    expect(await tableCounts(env.DB)).toEqual(before);

    const second = (await (await upload(staff, id, PNG, "补充.png", "image/png")).json()) as Uploaded;
    const v2 = expectOk(await admin.mutate<any>("notices.correct", { ...same, changeNote: "补充附件" }));
    expect(v2.version).toBe(2);
    expect((await openNotice("hehua", id)).current.attachments.map((a) => a.id)).toEqual([first.id, second.id]);
    // Leaving a file out is a change too.
    const v3 = expectOk(
      await admin.mutate<any>("notices.correct", { ...same, changeNote: "去掉照片", attachmentIds: [first.id] }),
    );
    expect(v3.version).toBe(3);
    expect((await openNotice("hehua", id)).current.attachments.map((a) => a.id)).toEqual([first.id]);
  });

  it("refuses an upload to a withdrawn notice with 400 naming 附件, and writes nothing", async () => {
    const id = await publishedNotice(admin, "hehua");
    await env.DB.prepare("UPDATE notices SET first_published_at = ? WHERE id = ?")
      .bind(Date.now() - 16 * DAY, id)
      .run();
    expectOk(await admin.mutate("notices.withdraw", { id, reason: "公示期满撤回" }));
    const prefix = `c/${await communityId("hehua")}/`;
    const objectsBefore = (await env.FILES.list({ prefix })).objects.length;
    const before = await tableCounts(env.DB);

    for (const c of [staff, admin]) {
      const res = await upload(c, id, PDF, "迟到的附件.pdf");
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message).toContain("附件");
      expect(body.error.message).toBe(translate("attachment.noticeWithdrawn", "zh"));
    }
    expect(await tableCounts(env.DB)).toEqual(before);
    expect(await attachmentRows(id)).toEqual([]);
    expect((await env.FILES.list({ prefix })).objects.length).toBe(objectsBefore);
    expect((await openNotice("hehua", id)).status).toBe("withdrawn");
  });

  it("an unpublished file can be removed by staff", async () => {
    const id = await createNotice(staff, "hehua");
    const file = (await (await upload(staff, id, PDF, "草稿.pdf")).json()) as Uploaded;
    expectOk(await staff.mutate("notices.removeAttachment", { id: file.id }));
    expect(await attachmentRows(id)).toEqual([]);
    expect((await staff.fetch(`/files/${file.id}`)).status).toBe(404);
  });

  it("refuses a file whose content is not PDF or an image, whatever its name", async () => {
    const id = await createNotice(staff, "hehua");
    const before = await tableCounts(env.DB);
    for (const [bytes, name] of [
      [enc.encode("<!DOCTYPE html><html><script>alert(1)</script></html>"), "x.pdf"],
      [enc.encode("MZ\x90\x00\x03\x00\x00\x00"), "setup.pdf"],
      [enc.encode(""), "empty.pdf"],
    ] as const) {
      const res = await upload(staff, id, bytes, name);
      expect(res.status, name).toBe(400);
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message).toContain("附件");
    }
    expect(await tableCounts(env.DB)).toEqual(before);
    expect(await attachmentRows(id)).toEqual([]);
  });

  it("refuses an 11 MB file with 413 and writes nothing", async () => {
    const id = await createNotice(staff, "hehua");
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set(enc.encode("%PDF-1.4\n"));
    const before = await tableCounts(env.DB);
    const res = await upload(staff, id, big, "big.pdf");
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toContain("附件");
    expect(body.error.message).toContain("10 MB");
    expect(await tableCounts(env.DB)).toEqual(before);
    expect(await attachmentRows(id)).toEqual([]);
    const listed = await env.FILES.list({ prefix: `c/` });
    expect(listed.objects.every((o) => o.size <= 10 * 1024 * 1024)).toBe(true);
  });

  it("takes at most 10 files per notice", async () => {
    const id = await createNotice(staff, "hehua");
    for (let i = 1; i <= 10; i++) expect((await upload(staff, id, PDF, `${i}.pdf`)).status, `file ${i}`).toBe(200);
    const before = await tableCounts(env.DB);
    const res = await upload(staff, id, PDF, "11.pdf");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe("附件：每条公告最多 10 个");
    expect(await tableCounts(env.DB)).toEqual(before);
    expect(await attachmentRows(id)).toHaveLength(10);
  });

  it("a supervisor may read but not upload (403)", async () => {
    const id = await createNotice(staff, "hehua");
    const before = await tableCounts(env.DB);
    const res = await upload(await Client.as("supervisor"), id, PDF, "a.pdf");
    expect(res.status).toBe(403);
    expect(await tableCounts(env.DB)).toEqual(before);
  });

  it("hehua staff cannot upload to a taoyuan notice (404); anonymous uploads get 401", async () => {
    const taoyuanNotice = await createNotice(await Client.as("taoyuan-admin"), "taoyuan");
    const before = await tableCounts(env.DB);
    const res = await upload(staff, taoyuanNotice, PDF, "a.pdf");
    expect(res.status).toBe(404);
    const anon = await upload(new Client(), taoyuanNotice, PDF, "a.pdf");
    expect(anon.status).toBe(401);
    const unknown = await upload(staff, "NO-SUCH-NOTICE", PDF, "a.pdf");
    expect(unknown.status).toBe(404);
    expect(await tableCounts(env.DB)).toEqual(before);
  });

  it("an unknown file id is 404", async () => {
    expect((await new Client().fetch("/files/NO-SUCH-FILE")).status).toBe(404);
  });
});
