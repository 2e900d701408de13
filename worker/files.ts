import { Hono, type Context } from "hono";
import { and, count, eq, isNull } from "drizzle-orm";
import {
  attachments,
  cases,
  decisions,
  financeEntries,
  financePeriods,
  financeVouchers,
  meetingItems,
  meetings,
  notices,
} from "../db/schema";
import type { Role } from "../db/schema";
import { newId } from "../shared/ids";
import { translate, type MessageKey } from "../shared/i18n/errors";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_NOTICE, sniffContentType } from "../shared/rules/attachments";
import { sha256Hex } from "../shared/rules/transparency";
import { readCookie, SESSION_COOKIE, userForToken, type SessionUser } from "./auth/session";
import { dbFor, type DB } from "./db";
import { gridsOfWorker } from "./services/registry";
import type { Env } from "./env";
import { langOf } from "./lang";
import { auditInsert } from "./services/audit";
import { byCommunityId, byNoticeId, STREET_ROLES, type CommunityScope } from "./trpc";

type C = Context<{ Bindings: Env }>;

/** Attachments in R2. Uploads need a writer of the notice's community; drafts' files need a draft reader. */
export const files = new Hono<{ Bindings: Env }>();

const WRITERS: Role[] = ["community_admin", "community_staff"];
const READERS: Role[] = ["community_admin", "community_staff", "supervisor", "street_admin", "street_viewer"];

const error = (
  c: C,
  status: 400 | 401 | 403 | 404 | 413,
  key: MessageKey,
  params: Record<string, string | number> = {},
) => c.json({ error: { message: translate(key, langOf(c.req.raw), params), field: "file" } }, status);

async function sessionUser(c: C): Promise<SessionUser | null> {
  const token = readCookie(c.req.header("cookie") ?? null, SESSION_COOKIE);
  return token ? userForToken(dbFor(c.env, null), token) : null;
}

function allowed(user: SessionUser, scope: CommunityScope, roles: Role[]): boolean {
  const inScope = STREET_ROLES.includes(user.role)
    ? user.streetId === scope.streetId
    : user.communityId === scope.communityId;
  return inScope && roles.includes(user.role);
}

/** The uploaded `file` field: size-limited, its type taken from its first bytes, its name made safe. */
async function readUpload(c: C): Promise<Response | { bytes: Uint8Array; contentType: string; name: string }> {
  const declared = Number(c.req.header("content-length") ?? 0);
  if (declared > MAX_ATTACHMENT_BYTES + 64 * 1024) return error(c, 413, "attachment.tooLarge", { mb: 10 });
  const form = await c.req.formData().catch(() => null);
  const file = form?.get("file");
  if (!file || typeof file === "string") return error(c, 400, "attachment.badType");
  if (file.size > MAX_ATTACHMENT_BYTES) return error(c, 413, "attachment.tooLarge", { mb: 10 });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const contentType = sniffContentType(bytes.subarray(0, 16));
  if (!contentType) return error(c, 400, "attachment.badType");
  return { bytes, contentType, name: file.name.replace(/[\\/\u0000-\u001f]/g, "_").slice(0, 200) || "file" };
}

files.post("/notices/:noticeId", async (c) => {
  const user = await sessionUser(c);
  if (!user) return error(c, 401, "auth.required");
  const db = dbFor(c.env, user.streetId);
  const scope = await byNoticeId(db, { id: c.req.param("noticeId") });
  if (!scope || !allowed(user, scope, READERS)) return error(c, 404, "notFound.notice");
  if (!allowed(user, scope, WRITERS)) return error(c, 403, "auth.forbidden");

  const noticeId = c.req.param("noticeId");
  const [notice] = await db.select({ status: notices.status }).from(notices).where(eq(notices.id, noticeId));
  if (notice?.status === "withdrawn") return error(c, 400, "attachment.noticeWithdrawn");
  const [{ n }] = await db
    .select({ n: count() })
    .from(attachments)
    .where(and(eq(attachments.communityId, scope.communityId), eq(attachments.noticeId, noticeId)));
  if (n >= MAX_ATTACHMENTS_PER_NOTICE) return tooMany(c, "notice.tooManyAttachments");
  const upload = await readUpload(c);
  if (upload instanceof Response) return upload;
  return storeAttachment(c, user, scope, upload, { noticeId });
});

type Owner = { noticeId: string } | { meetingItemId: string } | { decisionId: string } | { caseId: string };

/** Puts an upload into R2 and records it (unpublished) against its owner, with an audit record. */
async function storeAttachment(
  c: C,
  user: SessionUser,
  scope: CommunityScope,
  upload: { bytes: Uint8Array; contentType: string; name: string },
  owner: Owner,
) {
  const db = dbFor(c.env, scope.streetId);
  const { bytes, contentType, name } = upload;
  const now = Date.now();
  const id = newId(now);
  const sha256 = await sha256Hex(bytes);
  const r2Key = `c/${scope.communityId}/${id}`;
  await c.env.FILES.put(r2Key, bytes, { httpMetadata: { contentType }, sha256 });
  const row = {
    id,
    communityId: scope.communityId,
    ...owner,
    name,
    contentType,
    size: bytes.byteLength,
    sha256,
    r2Key,
    createdBy: user.id,
    createdAt: now,
  };
  await db.batch([
    db.insert(attachments).values(row),
    auditInsert(db, {
      streetId: scope.streetId,
      communityId: scope.communityId,
      actor: user,
      action: "attachment.upload",
      entity: "attachment",
      entityId: id,
      after: { name, contentType, size: row.size, sha256, ...owner },
      at: now,
    }),
  ]);
  return c.json({ id, name, contentType, size: row.size, sha256 });
}

const tooMany = (c: C, key: MessageKey) =>
  c.json(
    { error: { message: translate(key, langOf(c.req.raw), { n: MAX_ATTACHMENTS_PER_NOTICE }), field: "file" } },
    400,
  );

/** Papers for an agenda item (a plan, a drawing), added while the meeting is a draft; public once announced. */
files.post("/meeting-items/:itemId", async (c) => {
  const user = await sessionUser(c);
  if (!user) return error(c, 401, "auth.required");
  const db = dbFor(c.env, user.streetId);
  const itemId = c.req.param("itemId");
  const item = (
    await db
      .select({ communityId: meetingItems.communityId, status: meetings.status })
      .from(meetingItems)
      .innerJoin(meetings, eq(meetings.id, meetingItems.meetingId))
      .where(eq(meetingItems.id, itemId))
  )[0];
  const scope = item ? await byCommunityId(db, item) : null;
  if (!scope || !allowed(user, scope, READERS)) return error(c, 404, "notFound.record");
  if (!allowed(user, scope, WRITERS)) return error(c, 403, "auth.forbidden");
  if (item.status !== "draft") return error(c, 400, "meeting.notDraft");
  const [{ n }] = await db.select({ n: count() }).from(attachments).where(eq(attachments.meetingItemId, itemId));
  if (n >= MAX_ATTACHMENTS_PER_NOTICE) return tooMany(c, "attachment.tooManyForItem");
  const upload = await readUpload(c);
  if (upload instanceof Response) return upload;
  return storeAttachment(c, user, scope, upload, { meetingItemId: itemId });
});

/**
 * Photos of a resident's case: by the resident who raised it or a handler of the community; never
 * public (the case's resident and the community's staff see them).
 */
files.post("/cases/:caseId", async (c) => {
  const user = await sessionUser(c);
  if (!user) return error(c, 401, "auth.required");
  const db = dbFor(c.env, user.streetId);
  const caseId = c.req.param("caseId");
  const row = (
    await db
      .select({ communityId: cases.communityId, residentId: cases.residentId, status: cases.status })
      .from(cases)
      .where(eq(cases.id, caseId))
  )[0];
  const scope = row ? await byCommunityId(db, row) : null;
  if (!scope || !(await mayHandleCase(db, user, scope, caseId, [...WRITERS, "grid_worker"])))
    return error(c, 404, "notFound.record");
  if (row.status === "closed") return error(c, 400, "case.closedCase");
  const [{ n }] = await db.select({ n: count() }).from(attachments).where(eq(attachments.caseId, caseId));
  if (n >= MAX_ATTACHMENTS_PER_NOTICE) return tooMany(c, "attachment.tooManyForItem");
  const upload = await readUpload(c);
  if (upload instanceof Response) return upload;
  return storeAttachment(c, user, scope, upload, { caseId });
});

/**
 * Who may add or see a case's photos: the resident who raised it, the community's staff (and
 * supervisors and the street office to see them), and grid workers only for their own grids'
 * cases or those assigned to them — the same reach as the cases router.
 */
async function mayHandleCase(db: DB, user: SessionUser, scope: CommunityScope, caseId: string, roles: Role[]) {
  const row = (await db.select().from(cases).where(eq(cases.id, caseId)))[0];
  if (!row || row.communityId !== scope.communityId) return false;
  if (user.role === "resident") return !!row.residentId && row.residentId === user.residentId;
  if (!allowed(user, scope, roles)) return false;
  if (user.role !== "grid_worker") return true;
  if (row.assigneeUserId === user.id) return true;
  const mine = await gridsOfWorker(db, scope, user);
  return !!row.gridId && !!mine?.includes(row.gridId);
}

/** Evidence for a decision's next implementation update (photos, acceptance papers); public once posted. */
files.post("/decisions/:decisionId", async (c) => {
  const user = await sessionUser(c);
  if (!user) return error(c, 401, "auth.required");
  const db = dbFor(c.env, user.streetId);
  const decisionId = c.req.param("decisionId");
  const decision = (
    await db.select({ communityId: decisions.communityId }).from(decisions).where(eq(decisions.id, decisionId))
  )[0];
  const scope = decision ? await byCommunityId(db, decision) : null;
  if (!scope || !allowed(user, scope, READERS)) return error(c, 404, "notFound.record");
  if (!allowed(user, scope, WRITERS)) return error(c, 403, "auth.forbidden");
  const [{ n }] = await db
    .select({ n: count() })
    .from(attachments)
    .where(and(eq(attachments.decisionId, decisionId), isNull(attachments.decisionUpdateId)));
  if (n >= MAX_ATTACHMENTS_PER_NOTICE) return tooMany(c, "attachment.tooManyForUpdate");
  const upload = await readUpload(c);
  if (upload instanceof Response) return upload;
  return storeAttachment(c, user, scope, upload, { decisionId });
});

const VOUCHER_READERS: Role[] = ["community_admin", "community_staff", "supervisor"];

/** 凭证: scans behind a ledger entry, added while its period is open; never public. */
files.post("/finance-entries/:entryId", async (c) => {
  const user = await sessionUser(c);
  if (!user) return error(c, 401, "auth.required");
  const db = dbFor(c.env, user.streetId);
  const entry = (
    await db
      .select({ communityId: financeEntries.communityId, status: financePeriods.status })
      .from(financeEntries)
      .innerJoin(financePeriods, eq(financePeriods.id, financeEntries.periodId))
      .where(eq(financeEntries.id, c.req.param("entryId")))
  )[0];
  const scope = entry ? await byCommunityId(db, entry) : null;
  if (!scope || !allowed(user, scope, VOUCHER_READERS)) return error(c, 404, "notFound.record");
  if (!allowed(user, scope, WRITERS)) return error(c, 403, "auth.forbidden");
  if (entry.status !== "open") return error(c, 400, "finance.notOpen");
  const upload = await readUpload(c);
  if (upload instanceof Response) return upload;
  const now = Date.now();
  const id = newId(now);
  const sha256 = await sha256Hex(upload.bytes);
  const row = {
    id,
    communityId: scope.communityId,
    entryId: c.req.param("entryId"),
    name: upload.name,
    contentType: upload.contentType,
    size: upload.bytes.byteLength,
    sha256,
    r2Key: `c/${scope.communityId}/v/${id}`,
    createdBy: user.id,
    createdAt: now,
  };
  await c.env.FILES.put(row.r2Key, upload.bytes, { httpMetadata: { contentType: row.contentType }, sha256 });
  await db.batch([
    db.insert(financeVouchers).values(row),
    auditInsert(db, {
      streetId: scope.streetId,
      communityId: scope.communityId,
      actor: user,
      action: "finance.voucherUpload",
      entity: "financeEntry",
      entityId: row.entryId,
      after: { name: row.name, sha256, size: row.size },
      at: now,
    }),
  ]);
  return c.json({ id, name: row.name, contentType: row.contentType, size: row.size, sha256 });
});

files.get("/vouchers/:id", async (c) => {
  const user = await sessionUser(c);
  const db = dbFor(c.env, null);
  const row = (
    await db
      .select()
      .from(financeVouchers)
      .where(eq(financeVouchers.id, c.req.param("id")))
  )[0];
  const scope = row && user ? await byCommunityId(db, row) : null;
  if (!row || !user || !scope || !allowed(user, scope, [...VOUCHER_READERS, "street_admin", "street_viewer"]))
    return error(c, 404, "notFound.attachment");
  const object = await c.env.FILES.get(row.r2Key);
  if (!object) return error(c, 404, "notFound.attachment");
  return new Response(object.body, {
    headers: {
      "Content-Type": row.contentType,
      "Content-Disposition": `inline; filename*=UTF-8''${encodeURIComponent(row.name)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
});

files.get("/:id", async (c) => {
  const db = dbFor(c.env, null);
  const row = (
    await db
      .select()
      .from(attachments)
      .where(eq(attachments.id, c.req.param("id")))
      .limit(1)
  )[0];
  if (!row) return error(c, 404, "notFound.attachment");
  if (!row.publishedAt) {
    const user = await sessionUser(c);
    const scope = await byCommunityId(db, row);
    const ok =
      !!user &&
      !!scope &&
      (row.caseId
        ? await mayHandleCase(db, user, scope, row.caseId, [...READERS, "grid_worker"])
        : allowed(user, scope, READERS));
    if (!ok) return error(c, 404, "notFound.attachment");
  }
  const object = await c.env.FILES.get(row.r2Key);
  if (!object) return error(c, 404, "notFound.attachment");
  const disposition =
    row.contentType === "application/pdf" || row.contentType.startsWith("image/") ? "inline" : "attachment";
  return new Response(object.body, {
    headers: {
      "Content-Type": row.contentType,
      "Content-Length": String(row.size),
      "Content-Disposition": `${disposition}; filename*=UTF-8''${encodeURIComponent(row.name)}`,
      "X-Content-Type-Options": "nosniff",
      ETag: `"${row.sha256}"`,
      "Cache-Control": row.publishedAt ? "public, max-age=31536000, immutable" : "private, no-store",
    },
  });
});
