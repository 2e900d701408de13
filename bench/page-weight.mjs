// First-visit JS and CSS of the public face, from Vite's build manifest: the entry chunk and
// every chunk it imports statically (lazy routes are excluded), gzip-compressed as served.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

export function publicFirstLoad(dist = "dist") {
  const manifest = JSON.parse(readFileSync(`${dist}/.vite/manifest.json`, "utf8"));
  const seen = new Set();
  const css = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    for (const c of chunk.css ?? []) css.add(c);
    for (const i of chunk.imports ?? []) visit(i);
  };
  visit("index.html");
  const gz = (file) => gzipSync(readFileSync(`${dist}/${file}`)).length;
  const js = [...seen].map((k) => manifest[k].file).filter((f) => f.endsWith(".js"));
  return {
    jsFiles: js.length,
    jsGzipKB: Number((js.reduce((n, f) => n + gz(f), 0) / 1024).toFixed(1)),
    cssGzipKB: Number(([...css].reduce((n, f) => n + gz(f), 0) / 1024).toFixed(1)),
  };
}
