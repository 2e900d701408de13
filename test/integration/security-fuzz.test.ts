import { env } from "cloudflare:workers";
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { fieldLabel } from "../../shared/i18n/errors";
import { communityId, createUser, STREET } from "./fixtures";
import { voters } from "./polls-fixtures";
import { enrol } from "./volunteers-fixtures";
import {
  FastClient,
  issueKey,
  kindOf,
  localIssues,
  policyOf,
  procedureNames,
  rawCall,
  recordsOf,
  sampleInput,
  type Raw,
  type Records,
} from "./security-fixtures";

/**
 * Property-based input fuzzing (issue 10): every procedure, called by a user its policy admits,
 * with arbitrary JSON and with mutations of a valid input. Whatever comes in, the API answers
 * with a 2xx or a 4xx that carries a message, never a 5xx, and input the schema refuses is a
 * BAD_REQUEST that names the fields at fault (worker/trpc.ts errorFormatter).
 */

const COMMUNITY = "hehua";
/** Runs per procedure: arbitrary JSON, then mutations of a valid input. */
const ANY_RUNS = 8;
const MUTATION_RUNS = 24;
const RAW_RUNS = 3;

/** Stand-ins for what JSON.stringify cannot write; the request carries the literal `1e999` (±Infinity once parsed). */
const INF = "\u0000fuzz:+inf";
const NEG_INF = "\u0000fuzz:-inf";
function serialise(input: unknown): string | undefined {
  if (input === undefined) return undefined;
  return JSON.stringify(input).replaceAll(JSON.stringify(INF), "1e999").replaceAll(JSON.stringify(NEG_INF), "-1e999");
}

function deep(depth: number): unknown {
  let v: unknown = "底";
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

const junkString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\uD800",
    "x\uDFFFy",
    "\u202Eevil",
    "\u200B\uFEFF",
    "'; DROP TABLE users; --",
    '" OR 1=1 --',
    "../../etc/passwd",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://evil.example")',
    "${7*7}{{7*7}}",
    "%00%ff",
    "\r\n\r\n",
    "NaN",
    "Infinity",
    "-1",
    "1e999",
    "2026-02-30",
    "9999-99-99",
    "2026-13",
    "0x10",
    "__proto__",
    "💩👨‍👩‍👧‍👦",
    "Ｃｏｍｍｕｎｉｔｙ",
    "张".repeat(41),
  ),
  fc.constantFrom(5_000, 60_000).map((n) => "邻".repeat(n / 2) + "x".repeat(n / 2)),
);

const junkNumber = fc.oneof(
  fc.constantFrom(-1, 0, -0, 0.5, -0.5, 1e-300, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e21, 1e308, -1e308),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(INF, NEG_INF),
);

const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  junkString,
  junkNumber,
  fc.boolean(),
  fc.constantFrom(null, [], {}, [null], { "": null }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.constantFrom(5_000, 600).map((n) => Array.from({ length: n }, (_, i) => `id-${i}`)),
  fc.constant(deep(2_000)),
);

/** Arbitrary JSON, from scalars to nested objects (bounded). */
const anyInput: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({ maxDepth: 3, maxKeys: 6, withNullPrototype: true }),
  junkValue,
  fc.constant(undefined),
);

const EXTRA_KEYS = ["__proto__", "constructor", "prototype", "communityId", "streetId", "role", "status", "id", "x"];

type Mutation =
  | { op: "set"; at: number; value: unknown }
  | { op: "delete"; at: number }
  | { op: "extra"; at: number; key: string; value: unknown }
  | { op: "root"; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant("set" as const), at: fc.nat(), value: junkValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("delete" as const), at: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("extra" as const),
      at: fc.nat(),
      key: fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ maxLength: 12 })),
      value: junkValue,
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("root" as const), value: junkValue }) },
);

type Path = (string | number)[];

/** Every place in a value: the root, and each key and element below it. */
function paths(v: unknown, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (at.length >= 6) return out;
  if (Array.isArray(v)) v.slice(0, 20).forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

function clone(v: unknown): unknown {
  return v === undefined ? undefined : structuredClone(v);
}

/** `own` makes even `__proto__` an own, serialisable key. */
function put(target: Record<string | number, unknown>, key: string | number, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function apply(base: unknown, mutations: Mutation[]): unknown {
  let v = clone(base);
  for (const m of mutations) {
    if (m.op === "root") {
      v = clone(m.value);
      continue;
    }
    const all = paths(v);
    const path = all[m.at % all.length];
    if (m.op === "extra") {
      const objects = all.filter((p) => {
        const x = p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], v);
        return x && typeof x === "object" && !Array.isArray(x);
      });
      if (!objects.length) continue;
      const at = objects[m.at % objects.length];
      const obj = at.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], v);
      put(obj as Record<string, unknown>, m.key, clone(m.value));
      continue;
    }
    if (!path.length) {
      v = m.op === "set" ? clone(m.value) : undefined;
      continue;
    }
    const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], v) as Record<
      string | number,
      unknown
    >;
    const key = path[path.length - 1];
    if (m.op === "delete") {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else put(parent, key, clone(m.value));
  }
  return v;
}

type Stats = {
  cases: number;
  serverErrors: number;
  badRequests: number;
  validation: number;
  ok: number;
  other: Record<string, number>;
};

/** The checks every answer must pass; returns a description of the first one it fails. */
async function violation(name: string, serialised: string | undefined, raw: Raw, stats: Stats): Promise<string | null> {
  stats.cases += 1;
  if (raw.status >= 500) {
    stats.serverErrors += 1;
    return `server error ${raw.status}: ${raw.text.slice(0, 300)}`;
  }
  if (!/application\/json/.test(raw.contentType)) return `not JSON (${raw.contentType}): ${raw.text.slice(0, 200)}`;
  const body = raw.json as
    | {
        result?: unknown;
        error?: { message?: unknown; data?: { code?: string; fieldErrors?: Record<string, string> } };
      }
    | undefined;
  if (!body) return `unparsable body: ${raw.text.slice(0, 200)}`;
  if (raw.status < 300) {
    stats.ok += 1;
    return body.result !== undefined ? null : `2xx without a result: ${raw.text.slice(0, 200)}`;
  }
  const error = body.error;
  if (typeof error?.message !== "string" || !error.message.trim())
    return `4xx without a message: ${raw.text.slice(0, 200)}`;
  const code = error.data?.code ?? "";
  // The input as the server read it: JSON, so `1e999` is Infinity and `-0` is 0 on both sides.
  let input: unknown;
  try {
    input = serialised === undefined ? undefined : JSON.parse(serialised);
  } catch {
    // Not JSON at all: refused before any schema, in the caller's language, naming the input.
    stats.other[code] = (stats.other[code] ?? 0) + 1;
    if (raw.status !== 400) return `malformed JSON answered ${raw.status} ${code}`;
    if (code === "PARSE_ERROR" && !error.data?.fieldErrors?.input)
      return `malformed JSON without a field: ${error.message}`;
    return null;
  }
  const issues = await localIssues(name, input);
  if (code !== "BAD_REQUEST") {
    stats.other[code] = (stats.other[code] ?? 0) + 1;
    // Input the schema refuses never gets past it: only the login and role checks run before it.
    if (issues.length && !["UNAUTHORIZED", "FORBIDDEN", "PARSE_ERROR"].includes(code))
      return `invalid input (${issues.map(issueKey).join(", ")}) answered ${code}: ${error.message}`;
    return null;
  }
  stats.badRequests += 1;
  if (!issues.length) return null; // a rule of the domain, with its own message
  stats.validation += 1;
  const fieldErrors = error.data?.fieldErrors ?? {};
  const keys = Object.keys(fieldErrors);
  if (!keys.length) return `validation error without fieldErrors: ${error.message}`;
  const expected = [...new Set(issues.map(issueKey))].sort();
  if (JSON.stringify(keys.sort()) !== JSON.stringify(expected))
    return `fieldErrors name ${keys.join(", ")}, the schema faults ${expected.join(", ")}`;
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") continue;
    const message = fieldErrors[issueKey(issue)];
    const label = fieldLabel(issue.path, "zh");
    if (!message?.includes(label)) return `message for ${issueKey(issue)} does not name ${label}: ${message}`;
  }
  return null;
}

function seedOf(name: string): number {
  let h = 2166136261;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h | 0;
}

describe("input fuzzing: every procedure, arbitrary and mutated input", () => {
  const stats: Stats = { cases: 0, serverErrors: 0, badRequests: 0, validation: 0, ok: 0, other: {} };
  let records: Records;
  const clients: Record<string, FastClient> = {};
  const bases: Record<string, unknown> = {};

  beforeAll(async () => {
    const hehua = await communityId(COMMUNITY);
    const as = async (role: string, opts: { community?: string } = { community: COMMUNITY }) => {
      const u = await createUser({ role, ...opts });
      return FastClient.login(u.username, u.password);
    };
    clients.anonymous = new FastClient();
    clients.community_admin = await as("community_admin");
    clients.community_staff = await as("community_staff");
    clients.supervisor = await as("supervisor");
    clients.grid_worker = await as("grid_worker");
    clients.street_admin = await as("street_admin", {});
    clients.street_viewer = await as("street_viewer", {});
    clients.authenticated = await as("community_staff");
    const [voter] = await voters(hehua, 1, { isHouseholdRep: true });
    clients.resident = FastClient.from(voter.client);
    const team = (await env.DB.prepare("SELECT id FROM volunteer_teams WHERE community_id = ? LIMIT 1")
      .bind(hehua)
      .first<{ id: string }>())!.id;
    const [volunteer] = await enrol(clients.community_admin, hehua, 1, { teamIds: [team] });
    clients.volunteer = FastClient.from(volunteer.client);
    // The record staff procedures act on by user id: not one of the fuzzing users.
    await createUser({ role: "community_staff", community: COMMUNITY, displayName: "模糊测试对象" });

    records = await recordsOf(hehua);
    for (const name of procedureNames) {
      const fill = (field: string, path: string[], js: { type?: unknown }) => {
        if (field === "street") return STREET;
        if (field === "community") return COMMUNITY;
        const kind = kindOf(name, field, path);
        if (!kind) return undefined;
        const ids =
          kind === "notices" && policyOf(name).endsWith(":resident") ? records.published_notices : records[kind];
        if (!ids?.length) return undefined;
        return js.type === "array" ? [ids[0]] : ids[0];
      };
      bases[name] = (await sampleInput(name, fill, (f, p) => kindOf(name, f, p) !== null)).input;
    }
  });

  afterAll(() => {
    console.log(
      `fuzz: ${procedureNames.length} procedures, ${stats.cases} cases, ${stats.serverErrors} server errors; ` +
        `${stats.ok} accepted, ${stats.badRequests} BAD_REQUEST (${stats.validation} from the schema, each naming its fields), ` +
        `others ${JSON.stringify(stats.other)}`,
    );
  });

  /** Who calls: someone the policy admits, so the input gets past the role check. */
  function callerFor(name: string): FastClient {
    const policy = policyOf(name);
    if (policy === "public") return clients.anonymous;
    if (policy === "authenticated") return clients.authenticated;
    if (policy === "resident:self") return name.startsWith("volunteers.") ? clients.volunteer : clients.resident;
    if (policy.startsWith("street:")) return clients.street_admin;
    const roles = policy.split(":")[1].split(",");
    const role = ["community_admin", "community_staff", "supervisor", "grid_worker", "street_admin", "resident"].find(
      (r) => roles.includes(r),
    );
    return clients[role ?? "community_admin"];
  }

  it.each(procedureNames)("%s", async (name) => {
    const caller = callerFor(name);
    const send = async (serialised: string | undefined) => {
      const raw = await rawCall(caller, name, serialised);
      const problem = await violation(name, serialised, raw, stats);
      if (problem) throw new Error(`${name} ${serialised?.slice(0, 300)} → ${problem}`);
    };
    const check = (input: unknown) => send(serialise(input));
    await fc.assert(fc.asyncProperty(anyInput, check), { numRuns: ANY_RUNS, seed: seedOf(name) });
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => check(apply(bases[name], ms))),
      { numRuns: MUTATION_RUNS, seed: seedOf(name) + 1 },
    );
    // Text that is not JSON at all, as the body or the `input` parameter.
    const notJson = fc.oneof(
      fc.constantFrom("{", "[1,", "undefined", "{'a':1}", "\u0000", "NaN", '{"a":1}}'),
      fc.string({ minLength: 1, maxLength: 40 }).filter((t) => {
        try {
          JSON.parse(t);
          return false;
        } catch {
          return true;
        }
      }),
    );
    await fc.assert(fc.asyncProperty(notJson, send), { numRuns: RAW_RUNS, seed: seedOf(name) + 2 });
  });
});
