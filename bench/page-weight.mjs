// First-visit JS and CSS per face, from Vite's build manifest (dist/.vite/manifest.json), gzip-
// compressed as served. A first visit of a page loads the entry chunk (index.html) plus the lazy
// chunk of every component on its route (the page and the shell around it, as web/App.tsx wires
// them), each with its static imports transitively; dynamic imports (other routes, dialogs and
// charts loaded on demand) are not counted. The route of each face is read from web/App.tsx, so
// the figures follow the app when routes move.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";

const WEB = "web"; // Vite's root: manifest keys are relative to it

/** The pages measured: one first visit per face. */
export const FACES = [
  { face: "public", path: "/demo-street/hehua" },
  { face: "resident", path: "/me" },
  { face: "committee admin", path: "/admin" },
  { face: "street", path: "/street" },
];

/**
 * Code that must never be in the public home's first load: the SVG charts (finance TrendChart and
 * CategoryChart, their chart-util, the monitor's MonthChart), the console editors (the notice
 * editor and its Markdown preview, the poll and meeting editors) and the Markdown libraries the
 * notice editor pulls in (marked, js-xss). A chunk is flagged by its manifest name or source, or
 * by content: class names unique to those source files, and property names of the libraries.
 */
const HEAVY_NAME = /chart|editor|marked|node_modules\/xss|markdown/i;
const HEAVY_SOURCES = (files) =>
  files.filter((f) => /Chart[^/]*\.tsx$|chart-util\.ts$|\/pages\/[^/]+\/[^/]*Editor\.tsx$/.test(f));
const LIBRARY_MARKERS = [
  { marker: "emStrongLDelim", what: "marked (Markdown parser)" },
  { marker: "getDefaultCSSWhiteList", what: "js-xss (HTML sanitiser)" },
];

/** One row per face: route, modules, and the JS and CSS a first visit downloads (gzip KB). */
export function faceWeights(dist = "dist") {
  const manifest = readManifest(dist);
  const routes = appRoutes();
  const heavy = heavyMarkers();
  const gz = gzipper(dist);
  return FACES.map(({ face, path }) => {
    const route = matchRoute(routes, path);
    if (!route) throw new Error(`page-weight: no route in web/App.tsx matches ${path}`);
    // A module that is not a manifest key was bundled into a chunk that imports it statically:
    // for App.tsx's static imports (and a lazy page imported statically elsewhere) the entry.
    const starts = ["index.html", ...route.modules.map((m) => (manifest[m] ? m : "index.html"))];
    const { chunks, css } = closure(manifest, starts);
    const js = chunks.map((k) => manifest[k].file).filter((f) => f.endsWith(".js"));
    const found = chunks.flatMap((k) => heavyIn(manifest[k], dist, heavy).map((why) => `${manifest[k].file}: ${why}`));
    return {
      face,
      path,
      route: route.path,
      modules: route.modules,
      jsFiles: js.length,
      jsGzipKB: kb(js.reduce((n, f) => n + gz(f), 0)),
      cssFiles: css.length,
      cssGzipKB: kb(css.reduce((n, f) => n + gz(f), 0)),
      files: [...js, ...css],
      heavy: found,
    };
  });
}

/** The public face (community home) alone, in the shape bench/run.mjs has always printed. */
export function publicFirstLoad(dist = "dist") {
  const row = faceWeights(dist).find((r) => r.face === "public");
  return { jsFiles: row.jsFiles, jsGzipKB: row.jsGzipKB, cssGzipKB: row.cssGzipKB };
}

function readManifest(dist) {
  const file = `${dist}/.vite/manifest.json`;
  if (!existsSync(file)) throw new Error(`${file} is missing: build.manifest must stay on in vite.config.ts`);
  return JSON.parse(readFileSync(file, "utf8"));
}

/** Chunks reachable from `starts` through static imports only, and the CSS they bring. */
function closure(manifest, starts) {
  const seen = new Set();
  const css = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`page-weight: ${key} is not in the build manifest`);
    seen.add(key);
    for (const c of chunk.css ?? []) css.add(c);
    for (const i of chunk.imports ?? []) visit(i);
  };
  for (const s of starts) visit(s);
  return { chunks: [...seen], css: [...css] };
}

function gzipper(dist) {
  const cache = new Map();
  return (file) => {
    if (!cache.has(file)) cache.set(file, gzipSync(readFileSync(`${dist}/${file}`)).length);
    return cache.get(file);
  };
}

const kb = (bytes) => Number((bytes / 1024).toFixed(1));

/**
 * The leaf routes of web/App.tsx: full path and the modules rendered on it, outermost first
 * (e.g. /admin → pages/admin/AdminShell.tsx, pages/admin/Notices.tsx). The root Layout and the
 * statically imported pages live in the entry chunk.
 */
export function appRoutes(app = `${WEB}/App.tsx`) {
  const src = readFileSync(app, "utf8");
  const modules = new Map();
  for (const m of src.matchAll(/const (\w+) = lazy\(\(\) => import\("([^"]+)"\)\)/g)) modules.set(m[1], resolve(m[2]));
  for (const m of src.matchAll(/import (?:(\w+)|\{([^}]+)\}) from "(\.[^"]+)"/g))
    for (const name of m[1]
      ? [m[1]]
      : m[2].split(",").map((s) =>
          s
            .trim()
            .split(/\s+as\s+/)
            .pop(),
        ))
      if (name) modules.set(name, resolve(m[3]));
  const leaves = [];
  const stack = [];
  for (const m of src.matchAll(/<Route\b([^>]*?)(\/?)>|<\/Route>/g)) {
    if (m[0] === "</Route>") {
      const parent = stack.pop();
      if (parent && !parent.hasChildren) leaves.push(parent);
      continue;
    }
    const path = /path="([^"]*)"/.exec(m[1])?.[1] ?? "";
    const component = /component=\{(\w+)\}/.exec(m[1])?.[1];
    const parent = stack.at(-1);
    if (parent) parent.hasChildren = true;
    const route = {
      path: join("/", parent?.path ?? "", path).replace(/(.)\/$/, "$1"),
      modules: [...(parent?.modules ?? []), ...(component && modules.has(component) ? [modules.get(component)] : [])],
    };
    if (m[2] === "/") leaves.push(route);
    else stack.push(route);
  }
  return leaves.map(({ path, modules: mods }) => ({ path, modules: mods }));
}

/** "./pages/admin/Notices" → "pages/admin/Notices.tsx" (relative to Vite's root). */
function resolve(spec) {
  for (const ext of [".tsx", ".ts", ".jsx", ".js", "/index.tsx", "/index.ts"]) {
    const file = join(WEB, spec + ext);
    if (existsSync(file)) return relative(WEB, file);
  }
  throw new Error(`page-weight: cannot resolve ${spec} from web/App.tsx`);
}

/** The route Solid's router picks for `url`: the best-scoring match (static > :param > *rest). */
export function matchRoute(routes, url) {
  const parts = url.split("/").filter(Boolean);
  let best = null;
  for (const r of routes) {
    const segs = r.path.split("/").filter(Boolean);
    let score = 0;
    let ok = true;
    for (let i = 0; i < segs.length && ok; i++) {
      const s = segs[i];
      if (s.startsWith("*")) {
        score += 1;
        break;
      }
      if (i >= parts.length) ok = false;
      else if (s.startsWith(":")) score += 2;
      else if (s === parts[i]) score += 3;
      else ok = false;
    }
    if (ok && !segs.some((s) => s.startsWith("*")) && segs.length !== parts.length) ok = false;
    if (ok && (!best || score > best.score)) best = { ...r, score };
  }
  return best;
}

/** Content markers of the heavy code: class names each found in one chart or editor source only. */
function heavyMarkers() {
  const texts = new Map(listSources(WEB).map((f) => [f, readFileSync(f, "utf8")]));
  const markers = [];
  for (const file of HEAVY_SOURCES([...texts.keys()])) {
    const others = [...texts]
      .filter(([f]) => f !== file)
      .map(([, text]) => text)
      .join("\n");
    const classes = new Set();
    for (const m of texts.get(file).matchAll(/class="([^"]+)"/g))
      for (const c of m[1].split(/\s+/)) if (c.length >= 6) classes.add(c);
    for (const c of classes) {
      const re = new RegExp(`(?<![\\w-])${escape(c)}(?![\\w-])`);
      if (!re.test(others)) markers.push({ marker: c, what: relative(WEB, file), re });
    }
  }
  for (const l of LIBRARY_MARKERS) markers.push({ ...l, re: new RegExp(`\\b${escape(l.marker)}\\b`) });
  return markers;
}

/** Why a chunk counts as chart/editor code ([] when it does not). */
function heavyIn(chunk, dist, markers) {
  const why = [];
  const label = [chunk.name, chunk.src, chunk.file].filter(Boolean).join(" ");
  if (HEAVY_NAME.test(label)) why.push(`named ${chunk.name ?? chunk.src ?? chunk.file}`);
  if (chunk.file.endsWith(".js")) {
    const text = readFileSync(`${dist}/${chunk.file}`, "utf8");
    const hits = new Set(markers.filter((m) => m.re.test(text)).map((m) => m.what));
    for (const what of hits) why.push(`contains ${what}`);
  }
  return why;
}

function listSources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return listSources(p);
    return /\.(tsx?|jsx?)$/.test(e.name) ? [p] : [];
  });
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
