// Writes the SQL that creates a street office and its first street admin (no demo data), to be
// applied with `wrangler d1 execute DB --remote --file <out>`. The password is read from the
// environment so that it does not land in shell history.
//   LINLI_ADMIN_PASSWORD=… node scripts/bootstrap.mjs --street my-street --name "某某街道办事处" \
//     --username admin --display-name "张三" --out bootstrap.sql
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    street: { type: "string" },
    name: { type: "string" },
    username: { type: "string" },
    "display-name": { type: "string" },
    out: { type: "string", default: "bootstrap.sql" },
  },
});
const password = process.env.LINLI_ADMIN_PASSWORD;
if (!values.street || !values.name || !values.username || !values["display-name"] || !password) {
  console.error(
    "usage: LINLI_ADMIN_PASSWORD=… node scripts/bootstrap.mjs --street SLUG --name NAME --username U --display-name N [--out FILE]",
  );
  process.exit(2);
}
if (password.length < 8 || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
  console.error("LINLI_ADMIN_PASSWORD needs at least 8 characters with letters and digits");
  process.exit(2);
}
mkdirSync(".wrangler", { recursive: true });
await build({
  entryPoints: ["scripts/bootstrap-entry.ts"],
  bundle: true,
  platform: "node",
  format: "esm",
  outfile: ".wrangler/bootstrap-entry.mjs",
  logLevel: "warning",
});
const { bootstrapSql } = await import(new URL("../.wrangler/bootstrap-entry.mjs", import.meta.url).href);
const sql = await bootstrapSql({
  slug: values.street,
  name: values.name,
  username: values.username,
  displayName: values["display-name"],
  password,
});
writeFileSync(values.out, sql.join("\n") + "\n");
console.log(`wrote ${values.out}: apply it with  npx wrangler d1 execute DB --remote --file ${values.out}`);
