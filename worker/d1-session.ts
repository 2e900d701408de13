import { AsyncLocalStorage } from "node:async_hooks";

/** The header that carries a D1 bookmark: answered after a write, sent back with later requests. */
export const BOOKMARK_HEADER = "x-linli-d1-bookmark";

const current = new AsyncLocalStorage<D1DatabaseSession>();

/** The request's D1 session, if the request runs inside one. */
export const currentD1Session = () => current.getStore();

/**
 * Run one request inside a D1 session (the Sessions API), so read replication can be switched on
 * without code changes: reads may go to any replica, unless the caller sends the bookmark of its
 * last write, which makes them at least as new as that write; writes start at the primary. A
 * write's answer carries the new bookmark. Without replication every query goes to the primary.
 * Today every street office lives in one database, so one session serves the whole request.
 */
export async function withD1Session(db: D1Database, req: Request, fn: () => Promise<Response>): Promise<Response> {
  const read = req.method === "GET" || req.method === "HEAD";
  const sent = req.headers.get(BOOKMARK_HEADER);
  let session: D1DatabaseSession;
  try {
    session = db.withSession(
      sent && /^[0-9A-Za-z-]{1,200}$/.test(sent) ? sent : read ? "first-unconstrained" : "first-primary",
    );
  } catch {
    session = db.withSession(read ? "first-unconstrained" : "first-primary");
  }
  const res = await current.run(session, fn);
  const bookmark = session.getBookmark();
  if (read || !bookmark) return res;
  const answered = new Response(res.body, res);
  answered.headers.set(BOOKMARK_HEADER, bookmark);
  return answered;
}
