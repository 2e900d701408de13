import { env } from "cloudflare:workers";
import { newId } from "../../shared/ids";
import { contentHash, noticeVersionContent, sha256Hex, type ChainEntry } from "../../shared/rules/transparency";
import { hashPassword } from "../../worker/auth/password";
import { Client } from "./helpers";

export const STREET = "demo-street";
export const PASSWORD = "demo12345";
export const DAY = 86_400_000;

let counter = 0;
/** A name no other test uses (lowercase letters, digits and hyphens: valid as a username and a slug). */
export function unique(prefix: string): string {
  counter += 1;
  const rand = Math.floor(Math.random() * 36 ** 4).toString(36);
  return `${prefix}-${Date.now().toString(36)}${rand}${counter.toString(36)}`.toLowerCase();
}

export async function communityId(slug: string, streetSlug = STREET): Promise<string> {
  const row = await env.DB.prepare(
    "SELECT c.id FROM communities c JOIN streets s ON s.id = c.street_id WHERE s.slug = ? AND c.slug = ?",
  )
    .bind(streetSlug, slug)
    .first<{ id: string }>();
  if (!row) throw new Error(`no community ${streetSlug}/${slug}`);
  return row.id;
}

export async function userId(username: string): Promise<string> {
  const row = await env.DB.prepare("SELECT id FROM users WHERE username = ?").bind(username).first<{ id: string }>();
  if (!row) throw new Error(`no user ${username}`);
  return row.id;
}

/** A street office of its own, straight into D1. */
export async function createStreet(slug = unique("street")): Promise<{ id: string; slug: string }> {
  const id = newId();
  await env.DB.prepare(
    "INSERT INTO streets (id, slug, name, name_en, settings, created_at) VALUES (?, ?, ?, '', '{}', ?)",
  )
    .bind(id, slug, `测试街道 ${slug}`, Date.now())
    .run();
  return { id, slug };
}

/** A login created straight in D1 (not through the API under test). */
export async function createUser(opts: {
  role: string;
  username?: string;
  password?: string;
  displayName?: string;
  community?: string | null;
  streetId?: string;
  disabled?: boolean;
}): Promise<{ id: string; username: string; password: string }> {
  const username = opts.username ?? unique("u");
  const password = opts.password ?? PASSWORD;
  const community = opts.community ? await communityId(opts.community) : null;
  const streetId =
    opts.streetId ??
    (await env.DB.prepare("SELECT id FROM streets WHERE slug = ?").bind(STREET).first<{ id: string }>())!.id;
  const { salt, hash } = await hashPassword(password);
  const id = newId();
  const now = Date.now();
  await env.DB.prepare(
    `INSERT INTO users (id, street_id, community_id, username, display_name, role, password_salt, password_hash,
       disabled_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
    .bind(
      id,
      streetId,
      community,
      username,
      opts.displayName ?? `测试 ${username}`,
      opts.role,
      salt,
      hash,
      opts.disabled ? now : null,
      now,
      now,
    )
    .run();
  return { id, username, password };
}

/** The session token a client holds (its cookie's value). */
export function tokenOf(c: Client): string {
  if (!c.cookie) throw new Error("client has no session cookie");
  return c.cookie.slice(c.cookie.indexOf("=") + 1);
}

/** A client that sends the given cookie, e.g. a cookie kept from before a logout. */
export function withCookie(cookie: string | null): Client {
  const c = new Client();
  c.cookie = cookie;
  return c;
}

export function expectOk<T>(r: { ok: true; data: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(`expected success, got: ${r.error.message}`);
  return r.data;
}

/** Create a notice through the API as `client` and return its id. */
export async function createNotice(
  client: Client,
  community: string,
  fields: Partial<{ title: string; bodyMd: string; category: string; pinned: boolean }> = {},
): Promise<string> {
  const r = await client.mutate<{ id: string }>("notices.create", {
    communityId: await communityId(community),
    category: "affairs",
    title: unique("公告"),
    bodyMd: "## 事项\n\n内容。",
    ...fields,
  });
  return expectOk(r).id;
}

export async function publishedNotice(admin: Client, community: string, title?: string): Promise<string> {
  const id = await createNotice(admin, community, title ? { title } : {});
  expectOk(await admin.mutate("notices.publish", { id }));
  return id;
}

type OpenNotice = {
  street: string;
  community: string;
  id: string;
  status: string;
  version: number;
  shownVersion: number;
  current: {
    version: number;
    category: string;
    title: string;
    bodyMd: string;
    changeNote: string;
    publishedAt: number;
    publicityEndsAt: number;
    contentHash: string;
    attachments: { id: string; name: string; contentType: string; size: number; sha256: string }[];
  };
  versions: { version: number; contentHash: string; changeNote: string; title: string; logSeq: number | null }[];
  withdrawal: null | {
    at: number;
    reason: string;
    replacedBy: string | null;
    logSeq: number | null;
    contentHash: string | null;
  };
};

/** One notice from the open data (`version` picks an older version to show). */
export async function openNotice(community: string, id: string, version?: number): Promise<OpenNotice> {
  const q = version ? `?version=${version}` : "";
  const res = await new Client().fetch(`/api/open/v1/${STREET}/${community}/notices/${id}${q}`);
  if (res.status !== 200) throw new Error(`open notice ${id}: ${res.status}`);
  return (await res.json()) as OpenNotice;
}

/** The content hash recomputed by an outsider from the open data of the version shown. */
export function recomputedHash(n: OpenNotice): Promise<string> {
  return contentHash(
    noticeVersionContent({
      street: n.street,
      community: n.community,
      noticeId: n.id,
      version: n.current.version,
      category: n.current.category,
      title: n.current.title,
      bodyMd: n.current.bodyMd,
      changeNote: n.current.changeNote,
      publishedAt: n.current.publishedAt,
      publicityEndsAt: n.current.publicityEndsAt,
      attachments: n.current.attachments,
    }),
  );
}

/** The whole public hash chain of a community, from the open data. */
export async function openChain(community: string): Promise<ChainEntry[]> {
  const items: ChainEntry[] = [];
  let after = 0;
  for (;;) {
    const res = await new Client().fetch(`/api/open/v1/${STREET}/${community}/transparency?after=${after}`);
    const body = (await res.json()) as { items: ChainEntry[]; next: number | null };
    items.push(...body.items);
    if (body.next === null) return items;
    after = body.next;
  }
}

export { sha256Hex };
