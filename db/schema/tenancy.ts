import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";

/** 街道办事处: the tenant root. `settings` holds street-level rules (deadline day, frequencies). */
export const streets = sqliteTable(
  "streets",
  {
    id: text("id").primaryKey(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull().default(""),
    settings: text("settings", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    /** Changes (to a random value) on every write to the street's public content: see 0013's triggers. */
    contentVersion: integer("content_version").notNull().default(0),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("streets_slug_uq").on(t.slug)],
);

/** 社区 (urban, 居委会) or 村 (village, 村委会), with its public profile. */
export const communities = sqliteTable(
  "communities",
  {
    id: text("id").primaryKey(),
    streetId: text("street_id")
      .notNull()
      .references(() => streets.id),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull().default(""),
    kind: text("kind", { enum: ["urban", "village"] }).notNull(),
    address: text("address").notNull().default(""),
    officeHours: text("office_hours").notNull().default(""),
    contactPhone: text("contact_phone").notNull().default(""),
    intro: text("intro").notNull().default(""),
    /**
     * Changes (to a random value) on every write to the community's public content, by triggers
     * (migration 0013), so cached public answers keyed on it are never served after a change.
     */
    contentVersion: integer("content_version").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("communities_street_slug_uq").on(t.streetId, t.slug)],
);

/** Public officials of a community: 居委会/村委会 members and 监督委员会 members. */
export const communityOfficials = sqliteTable(
  "community_officials",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    body: text("body", { enum: ["committee", "supervisory"] }).notNull(),
    name: text("name").notNull(),
    post: text("post").notNull(),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [index("community_officials_community_idx").on(t.communityId, t.body, t.sortOrder)],
);
