import { exports } from "cloudflare:workers";

const worker = (exports as unknown as { default: Fetcher }).default;

export const BASE = "http://linli.test";

/** A client that keeps its session cookie, calling the Worker over HTTP like a browser or curl would. */
export class Client {
  cookie: string | null = null;
  constructor(readonly lang: "zh" | "en" = "zh") {}

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set("cookie", this.cookie);
    headers.set("x-linli-lang", this.lang);
    const res = await worker.fetch(new Request(BASE + path, { ...init, headers }));
    const set = res.headers.get("set-cookie");
    if (set) {
      const pair = set.split(";")[0];
      this.cookie = pair.endsWith("=") ? null : pair;
    }
    return res;
  }

  async query<T = any>(proc: string, input?: unknown): Promise<TrpcResult<T>> {
    const qs = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    return toResult<T>(await this.fetch(`/trpc/${proc}${qs}`));
  }

  async mutate<T = any>(proc: string, input?: unknown): Promise<TrpcResult<T>> {
    return toResult<T>(
      await this.fetch(`/trpc/${proc}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(input ?? null),
      }),
    );
  }

  static async as(username: string, password = "demo12345"): Promise<Client> {
    const c = new Client();
    const r = await c.mutate("auth.login", { username, password });
    if (!r.ok) throw new Error(`login ${username} failed: ${r.error.message}`);
    return c;
  }
}

export type TrpcError = {
  message: string;
  data: { code: string; httpStatus: number; fieldErrors?: Record<string, string> };
};
export type TrpcResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: TrpcError };

async function toResult<T>(res: Response): Promise<TrpcResult<T>> {
  const body = (await res.json()) as { result?: { data: T }; error?: TrpcError };
  if (body.error) return { ok: false, status: res.status, error: body.error };
  return { ok: true, status: res.status, data: body.result!.data };
}

/** Row counts of the tables a write could touch, to prove that a refused write wrote nothing. */
export async function tableCounts(db: D1Database): Promise<Record<string, number>> {
  const tables = [
    "notices",
    "notice_versions",
    "attachments",
    "transparency_log",
    "audit_log",
    "users",
    "communities",
    "community_officials",
  ];
  const rows = await db.batch(tables.map((t) => db.prepare(`SELECT count(*) AS n FROM ${t}`)));
  return Object.fromEntries(tables.map((t, i) => [t, (rows[i].results[0] as { n: number }).n]));
}
