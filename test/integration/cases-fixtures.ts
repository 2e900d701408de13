import { env } from "cloudflare:workers";
import { newId } from "../../shared/ids";
import { Client } from "./helpers";
import { createStreet, createUser, expectOk, STREET } from "./fixtures";

export type CaseFields = Partial<{
  kind: "request" | "complaint" | "suggestion" | "dispute";
  category: string;
  description: string;
  place: string;
  gridId: string | null;
  contactName: string;
  contactPhone: string;
  noticeId: string | null;
  periodId: string | null;
}>;

/** cases.file as `c` (anonymous callers get a contact unless the fields say otherwise). */
export function file(c: Client, community: string, fields: CaseFields = {}, street = STREET) {
  return c.mutate<{ id: string; trackingCode: string }>("cases.file", {
    street,
    community,
    kind: "request",
    category: "facilities",
    description: `楼道灯坏了 ${Math.random().toString(36).slice(2, 8)}`,
    place: "3号楼",
    ...fields,
  });
}

export async function filed(c: Client, community: string, fields: CaseFields = {}, street = STREET) {
  return expectOk(await file(c, community, fields, street));
}

export type CaseRow = {
  id: string;
  community_id: string;
  grid_id: string | null;
  kind: string;
  status: string;
  resident_id: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  assignee_user_id: string | null;
  stage_started_at: number;
  stage_due_at: number;
  extended_at: number | null;
  escalated_at: number | null;
  street_holds: number;
  mediation: string;
  agreed_at: number | null;
  closed_at: number | null;
  closed_in_time: number | null;
  late_at: number | null;
  rating: number | null;
  rated_at: number | null;
  created_at: number;
};

export async function caseRow(id: string): Promise<CaseRow> {
  return (await env.DB.prepare("SELECT * FROM cases WHERE id = ?").bind(id).first<CaseRow>())!;
}

/** Moves a case's times in D1, as the clock would. */
export async function setTimes(
  id: string,
  t: Partial<{ stage_started_at: number; stage_due_at: number; created_at: number }>,
): Promise<void> {
  const keys = Object.keys(t) as (keyof typeof t)[];
  await env.DB.prepare(`UPDATE cases SET ${keys.map((k) => `${k} = ?`).join(", ")} WHERE id = ?`)
    .bind(...keys.map((k) => t[k]!), id)
    .run();
}

/** accept → handled → verify ok, as `staff`. */
export async function close(staff: Client, id: string): Promise<void> {
  expectOk(await staff.mutate("cases.accept", { id }));
  expectOk(await staff.mutate("cases.handled", { id }));
  expectOk(await staff.mutate("cases.verify", { id, ok: true }));
}

/**
 * A street office of its own with the given settings, one community and its admin logged in:
 * street settings changed here touch no other test.
 */
export async function ownStreet(settings: Record<string, unknown>) {
  const street = await createStreet();
  await env.DB.prepare("UPDATE streets SET settings = ? WHERE id = ?").bind(JSON.stringify(settings), street.id).run();
  const id = newId();
  const slug = "cases-own";
  const now = Date.now();
  await env.DB.prepare(
    "INSERT INTO communities (id, street_id, slug, name, kind, created_at, updated_at) VALUES (?, ?, ?, ?, 'urban', ?, ?)",
  )
    .bind(id, street.id, slug, `自设时限社区 ${street.slug}`, now, now)
    .run();
  const admin = await createUser({ role: "community_admin", streetId: street.id });
  await env.DB.prepare("UPDATE users SET community_id = ? WHERE id = ?").bind(id, admin.id).run();
  return { street: street.slug, streetId: street.id, slug, id, staff: await Client.as(admin.username, admin.password) };
}

const enc = new TextEncoder();
export const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);
export const PDF = enc.encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

export function uploadPhoto(c: Client, caseId: string, bytes: Uint8Array<ArrayBuffer> = PNG, name = "现场.png") {
  const form = new FormData();
  form.append("file", new File([bytes], name, { type: "image/png" }));
  return c.fetch(`/files/cases/${caseId}`, { method: "POST", body: form });
}
