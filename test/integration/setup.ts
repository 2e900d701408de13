import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { demoSeedSql } from "../../db/seed";
import { hashPassword } from "../../worker/auth/password";

// Every test file starts from the real migrations and the demo seed.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
const seeded = await env.DB.prepare("SELECT count(*) AS n FROM streets").first<{ n: number }>();
if (!seeded?.n) {
  const statements = await demoSeedSql(hashPassword);
  await env.DB.batch(statements.map((s) => env.DB.prepare(s)));
}
