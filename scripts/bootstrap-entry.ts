import { newId } from "../shared/ids";
import { tenantSlug } from "../shared/schemas/admin";
import { hashPassword } from "../worker/auth/password";

const q = (v: string) => "'" + v.replaceAll("'", "''") + "'";

/** SQL that creates a street office and its first street admin, for a fresh production database. */
export async function bootstrapSql(o: {
  slug: string;
  name: string;
  username: string;
  displayName: string;
  password: string;
}) {
  if (!tenantSlug.safeParse(o.slug).success)
    throw new Error(
      `--street: "${o.slug}" must be lowercase letters, digits and dashes, and not one of the app's paths`,
    );
  const now = Date.now();
  const streetId = newId(now);
  const { salt, hash } = await hashPassword(o.password);
  return [
    `INSERT INTO streets (id, slug, name, name_en, settings, created_at) VALUES (${q(streetId)}, ${q(o.slug)}, ${q(o.name)}, '', '{}', ${now});`,
    `INSERT INTO users (id, street_id, community_id, username, display_name, role, password_salt, password_hash, created_at, updated_at) VALUES (${q(newId(now))}, ${q(streetId)}, NULL, ${q(o.username.toLowerCase())}, ${q(o.displayName)}, 'street_admin', ${q(salt)}, ${q(hash)}, ${now}, ${now});`,
  ];
}
