import { and, asc, count, desc, eq, gt, inArray, isNull, like, lte, ne, or, sql } from "drizzle-orm";
import {
  activationCodes,
  correctionRequests,
  grids,
  households,
  residentGroups,
  residentHistory,
  residents,
  sessions,
  users,
} from "../../db/schema";
import type { Role } from "../../db/schema";
import { COMMUNITY_WRITERS } from "../roles";
import { newId } from "../../shared/ids";
import { activationExpiresAt, newActivationCode, normalizeActivationCode } from "../../shared/rules/activation";
import { adultBornOnOrBefore } from "../../shared/rules/eligibility";
import { maskPhone } from "../../shared/rules/masking";
import { sha256Hex } from "../../shared/rules/transparency";
import {
  correctionHandleInput,
  correctionListInput,
  exportInput,
  householdCreateInput,
  householdListInput,
  householdUpdateInput,
  groupCreateInput,
  groupUpdateInput,
  importContextInput,
  importInput,
  residentCreateInput,
  residentListInput,
  residentMoveOutInput,
  residentUpdateInput,
} from "../../shared/schemas/registry";
import { id as idSchema } from "../../shared/schemas/common";
import { z } from "zod";
import { runBatch, type DB } from "../db";
import { fail } from "../errors";
import { scopedAudit } from "../services/audit";
import {
  assertFree,
  assertInCommunity,
  currentRep,
  gridsOfWorker,
  historyInsert,
  loadResident,
} from "../services/registry";
import {
  importHouseholds,
  importResidents,
  residentImportContext,
  householdImportContext,
} from "../services/registry-import";
import { byCommunityId, communityProcedure, router, type CommunityScope, type ScopeResolver } from "../trpc";

/** Who keeps the registry, and who may read it (street roles see figures, not people). */
const KEEPERS = COMMUNITY_WRITERS;
const READERS: Role[] = ["community_admin", "community_staff", "grid_worker"];

const scopeOf =
  (
    table: typeof residents | typeof households | typeof residentGroups | typeof correctionRequests,
  ): ScopeResolver<{ id: string }> =>
  async (db, input) => {
    const row = (
      await db.select({ communityId: table.communityId }).from(table).where(eq(table.id, input.id)).limit(1)
    )[0];
    return row ? byCommunityId(db, row) : null;
  };
const byResidentId = scopeOf(residents);
const byHouseholdId = scopeOf(households);
const byGroupId = scopeOf(residentGroups);
const byCorrectionId = scopeOf(correctionRequests);
const byResidentRef: ScopeResolver<{ residentId: string }> = (db, input) => byResidentId(db, { id: input.residentId });

/**
 * In a D1 batch, drizzle maps rows by result column name, so two columns both called `name` (residents'
 * and groups') would shift every value after them: joined names are given aliases of their own.
 */
const groupNameColumn = sql<string | null>`${residentGroups.name}`.as("group_name");
const gridNameColumn = sql<string | null>`${grids.name}`.as("grid_name");

const listColumns = {
  id: residents.id,
  name: residents.name,
  birthDate: residents.birthDate,
  phone: residents.phone,
  householdId: residents.householdId,
  address: households.address,
  groupId: residents.groupId,
  groupName: groupNameColumn,
  gridId: households.gridId,
  isHouseholdRep: residents.isHouseholdRep,
  isRepresentative: residents.isRepresentative,
  status: residents.status,
  movedOutOn: residents.movedOutOn,
};

/** Offset cursors: staff lists are sorted by name and are at most a few thousand rows. */
const offsetOf = (cursor?: string) => (cursor && /^\d{1,9}$/.test(cursor) ? Number(cursor) : 0);

export const residentsRouter = router({
  /** The registry, filtered and paged; phones are masked here (revealPhone shows one, audited). */
  list: communityProcedure(READERS, residentListInput, byCommunityId).query(async ({ ctx, input }) => {
    const limit = input.limit ?? 30;
    const offset = offsetOf(input.cursor);
    const workerGrids = await gridsOfWorker(ctx.db, ctx.scope, ctx.user);
    const q = input.q?.replace(/[%_]/g, "");
    const where = and(
      eq(residents.communityId, ctx.scope.communityId),
      input.status ? eq(residents.status, input.status) : undefined,
      input.groupId ? eq(residents.groupId, input.groupId) : undefined,
      input.householdId ? eq(residents.householdId, input.householdId) : undefined,
      input.gridId ? eq(households.gridId, input.gridId) : undefined,
      workerGrids ? inArray(households.gridId, workerGrids.length ? workerGrids : ["-"]) : undefined,
      input.adult === true ? lte(residents.birthDate, adultBornOnOrBefore(Date.now())) : undefined,
      input.adult === false ? gt(residents.birthDate, adultBornOnOrBefore(Date.now())) : undefined,
      input.representative === "household" ? eq(residents.isHouseholdRep, true) : undefined,
      input.representative === "representative" ? eq(residents.isRepresentative, true) : undefined,
      q
        ? or(like(residents.name, `%${q}%`), like(residents.phone, `%${q}`), like(households.address, `%${q}%`))
        : undefined,
    );
    const [rows, [total]] = await ctx.db.batch([
      ctx.db
        .select(listColumns)
        .from(residents)
        .leftJoin(households, eq(households.id, residents.householdId))
        .leftJoin(residentGroups, eq(residentGroups.id, residents.groupId))
        .where(where)
        .orderBy(asc(residents.name), asc(residents.id))
        .limit(limit + 1)
        .offset(offset),
      ctx.db
        .select({ n: count() })
        .from(residents)
        .leftJoin(households, eq(households.id, residents.householdId))
        .where(where),
    ]);
    const items = rows.slice(0, limit).map((r) => ({ ...r, phone: r.phone ? maskPhone(r.phone) : "" }));
    return { items, total: total.n, nextCursor: rows.length > limit ? String(offset + limit) : null };
  }),

  /** One resident with household, group, grid, history and account state (phone masked). */
  get: communityProcedure(READERS, z.object({ id: idSchema }), byResidentId).query(async ({ ctx, input }) => {
    const r = await loadResident(ctx.db, ctx.scope, input.id, ctx.user);
    const [household, group, history, account, codes] = await ctx.db.batch([
      ctx.db
        .select({ id: households.id, address: households.address, gridId: households.gridId, gridName: grids.name })
        .from(households)
        .leftJoin(grids, eq(grids.id, households.gridId))
        .where(eq(households.id, r.householdId ?? "-")),
      ctx.db
        .select({ id: residentGroups.id, name: residentGroups.name })
        .from(residentGroups)
        .where(eq(residentGroups.id, r.groupId ?? "-")),
      ctx.db
        .select()
        .from(residentHistory)
        .where(eq(residentHistory.residentId, r.id))
        .orderBy(desc(residentHistory.at))
        .limit(100),
      ctx.db
        .select({ id: users.id, disabledAt: users.disabledAt, createdAt: users.createdAt })
        .from(users)
        .where(eq(users.residentId, r.id)),
      ctx.db
        .select({
          createdAt: activationCodes.createdAt,
          expiresAt: activationCodes.expiresAt,
          usedAt: activationCodes.usedAt,
          revokedAt: activationCodes.revokedAt,
        })
        .from(activationCodes)
        .where(eq(activationCodes.residentId, r.id))
        .orderBy(desc(activationCodes.createdAt))
        .limit(1),
    ]);
    return {
      ...r,
      phone: r.phone ? maskPhone(r.phone) : "",
      household: household[0] ?? null,
      group: group[0] ?? null,
      history: history.map(({ id, at, kind, detail, actorName }) => ({ id, at, kind, detail, actorName })),
      account: account[0] ? { active: !account[0].disabledAt, since: account[0].createdAt } : null,
      lastActivation: codes[0] ?? null,
    };
  }),

  /** The full phone of one resident, for a call; every such read is written to the audit log (PIPL). */
  revealPhone: communityProcedure(READERS, z.object({ id: idSchema }), byResidentId).mutation(
    async ({ ctx, input }) => {
      const r = await loadResident(ctx.db, ctx.scope, input.id, ctx.user);
      await scopedAudit(ctx.scope, ctx.user)(ctx.db, "resident.revealPhone", "resident", r.id);
      return { phone: r.phone };
    },
  ),

  create: communityProcedure(KEEPERS, residentCreateInput, byCommunityId).mutation(async ({ ctx, input }) => {
    await assertInCommunity(ctx.db, ctx.scope, input);
    const now = Date.now();
    const id = newId(now);
    const demote = await repConflict(ctx.db, input.householdId, input.isHouseholdRep, input.replaceRep, id);
    const dup = await ctx.db
      .select({ id: residents.id })
      .from(residents)
      .where(
        and(
          eq(residents.communityId, ctx.scope.communityId),
          eq(residents.name, input.name),
          eq(residents.birthDate, input.birthDate),
        ),
      );
    if (dup.length) throw fail.conflict("resident.duplicate", "name");
    const row = {
      id,
      communityId: ctx.scope.communityId,
      householdId: input.householdId ?? null,
      groupId: input.groupId ?? null,
      name: input.name,
      birthDate: input.birthDate,
      phone: input.phone,
      isHouseholdRep: input.isHouseholdRep ?? false,
      isRepresentative: input.isRepresentative ?? false,
      status: "active" as const,
      createdAt: now,
      updatedAt: now,
    };
    const audit = scopedAudit(ctx.scope, ctx.user);
    await runBatch(ctx.db, [
      ...demoteStatements(ctx.db, ctx.scope, demote, ctx.user, now),
      ctx.db.insert(residents).values(row),
      historyInsert(
        ctx.db,
        ctx.scope,
        id,
        "created",
        { householdId: row.householdId, groupId: row.groupId },
        ctx.user,
        now,
      ),
      audit(ctx.db, "resident.create", "resident", id, undefined, { ...row, phone: maskPhone(row.phone) }, now),
    ]);
    return { id };
  }),

  /** Changes with history: a new household is a move, flags are role changes. */
  update: communityProcedure(KEEPERS, residentUpdateInput, byResidentId).mutation(async ({ ctx, input }) => {
    const r = await loadResident(ctx.db, ctx.scope, input.id);
    if (r.status !== "active") throw fail.bad("resident.movedOut");
    await assertInCommunity(ctx.db, ctx.scope, input);
    const { id, replaceRep, ...changes } = input;
    const householdId = changes.householdId === undefined ? r.householdId : changes.householdId;
    const willBeRep = changes.isHouseholdRep ?? r.isHouseholdRep;
    const demote = await repConflict(ctx.db, householdId, willBeRep, replaceRep, r.id);
    // A correction of name or birth date must not make this row the same person as another one.
    const name = changes.name ?? r.name;
    const birthDate = changes.birthDate ?? r.birthDate;
    if (name !== r.name || birthDate !== r.birthDate) {
      const dup = await ctx.db
        .select({ id: residents.id })
        .from(residents)
        .where(
          and(
            eq(residents.communityId, ctx.scope.communityId),
            eq(residents.name, name),
            eq(residents.birthDate, birthDate),
            ne(residents.id, r.id),
          ),
        );
      if (dup.length) throw fail.conflict("resident.duplicate", "name");
    }
    // The phone is the resident's login: it cannot become the login of another account.
    if (changes.phone && changes.phone !== r.phone) {
      const owner = await ctx.db
        .select({ residentId: users.residentId })
        .from(users)
        .where(eq(users.phone, changes.phone));
      const hasAccount = await ctx.db.select({ id: users.id }).from(users).where(eq(users.residentId, r.id));
      if (hasAccount.length && owner.some((u) => u.residentId !== r.id))
        throw fail.conflict("resident.phoneTaken", "phone");
    }
    const now = Date.now();
    const history = [];
    if (changes.householdId !== undefined && changes.householdId !== r.householdId)
      history.push(
        historyInsert(
          ctx.db,
          ctx.scope,
          r.id,
          "moved",
          {
            from: r.householdId,
            to: changes.householdId,
            fromAddress: await addressOf(ctx.db, r.householdId),
            toAddress: await addressOf(ctx.db, changes.householdId),
          },
          ctx.user,
          now,
        ),
      );
    for (const flag of ["isHouseholdRep", "isRepresentative"] as const)
      if (changes[flag] !== undefined && changes[flag] !== r[flag])
        history.push(historyInsert(ctx.db, ctx.scope, r.id, "role", { [flag]: changes[flag] }, ctx.user, now));
    const corrected = (["name", "birthDate", "phone", "groupId"] as const).filter(
      (k) => changes[k] !== undefined && changes[k] !== r[k],
    );
    if (corrected.length)
      history.push(historyInsert(ctx.db, ctx.scope, r.id, "updated", { fields: corrected }, ctx.user, now));
    const before = Object.fromEntries(Object.keys(changes).map((k) => [k, r[k as keyof typeof r]]));
    if ("phone" in before) before.phone = maskPhone(String(before.phone ?? ""));
    const after = { ...changes, ...(changes.phone !== undefined ? { phone: maskPhone(changes.phone) } : {}) };
    await runBatch(ctx.db, [
      ...demoteStatements(ctx.db, ctx.scope, demote, ctx.user, now),
      ctx.db
        .update(residents)
        .set({ ...changes, updatedAt: now })
        .where(eq(residents.id, r.id)),
      ...(changes.phone !== undefined
        ? [
            ctx.db
              .update(users)
              .set({ phone: changes.phone || null, updatedAt: now })
              .where(eq(users.residentId, r.id)),
          ]
        : []),
      ...history,
      scopedAudit(ctx.scope, ctx.user)(ctx.db, "resident.update", "resident", r.id, before, after, now),
    ]);
    return { id: r.id };
  }),

  /** Moving out keeps the record (history) and ends eligibility, representative roles and the login. */
  moveOut: communityProcedure(KEEPERS, residentMoveOutInput, byResidentId).mutation(async ({ ctx, input }) => {
    const r = await loadResident(ctx.db, ctx.scope, input.id);
    if (r.status !== "active") throw fail.bad("resident.movedOut");
    if (input.movedOutOn < r.birthDate) throw fail.bad("resident.moveOutBeforeBirth", "movedOutOn");
    const now = Date.now();
    const account = (await ctx.db.select({ id: users.id }).from(users).where(eq(users.residentId, r.id)))[0];
    await ctx.db.batch([
      ctx.db
        .update(residents)
        .set({
          status: "moved_out",
          movedOutOn: input.movedOutOn,
          isHouseholdRep: false,
          isRepresentative: false,
          updatedAt: now,
        })
        .where(eq(residents.id, r.id)),
      ...(account
        ? [
            ctx.db.update(users).set({ disabledAt: now, updatedAt: now }).where(eq(users.id, account.id)),
            ctx.db.update(sessions).set({ revokedAt: now }).where(eq(sessions.userId, account.id)),
          ]
        : []),
      ctx.db
        .update(activationCodes)
        .set({ revokedAt: now })
        .where(
          and(eq(activationCodes.residentId, r.id), isNull(activationCodes.usedAt), isNull(activationCodes.revokedAt)),
        ),
      historyInsert(ctx.db, ctx.scope, r.id, "moved_out", { on: input.movedOutOn }, ctx.user, now),
      scopedAudit(ctx.scope, ctx.user)(
        ctx.db,
        "resident.moveOut",
        "resident",
        r.id,
        { status: r.status },
        { status: "moved_out", movedOutOn: input.movedOutOn },
        now,
      ),
    ]);
    return { id: r.id };
  }),

  /** What the import's dry run checks against: grids, groups, households and the people already registered. */
  importContext: communityProcedure(KEEPERS, importContextInput, byCommunityId).query(({ ctx, input }) =>
    input.kind === "households" ? householdImportContext(ctx.db, ctx.scope) : residentImportContext(ctx.db, ctx.scope),
  ),

  /**
   * Commit a chunk of an import (≤ 500 rows). Rows are validated again here; good rows are
   * written, rows already in the registry are skipped, so running the same file twice adds nothing.
   */
  import: communityProcedure(KEEPERS, importInput, byCommunityId).mutation(({ ctx, input }) =>
    input.kind === "households"
      ? importHouseholds(ctx.db, ctx.scope, ctx.user, input.rows)
      : importResidents(ctx.db, ctx.scope, ctx.user, input.rows),
  ),

  /** The registry with full phones, 1,000 rows a page, for XLSX/CSV export; the export is audited. */
  export: communityProcedure(KEEPERS, exportInput, byCommunityId).query(async ({ ctx, input }) => {
    const offset = offsetOf(input.cursor);
    const pageSize = 1000;
    // Every page is audited: each one hands out full phone numbers.
    await scopedAudit(ctx.scope, ctx.user)(ctx.db, "registry.export", "community", ctx.scope.communityId, undefined, {
      kind: input.kind ?? "residents",
      offset,
    });
    if (input.kind === "households") {
      const rows = await ctx.db
        .select({ address: households.address, grid: grids.name, group: residentGroups.name })
        .from(households)
        .leftJoin(grids, eq(grids.id, households.gridId))
        .leftJoin(residentGroups, eq(residentGroups.id, households.groupId))
        .where(eq(households.communityId, ctx.scope.communityId))
        .orderBy(asc(households.address))
        .limit(pageSize + 1)
        .offset(offset);
      return {
        households: rows.slice(0, pageSize),
        residents: [],
        nextCursor: rows.length > pageSize ? String(offset + pageSize) : null,
      };
    }
    const rows = await ctx.db
      .select({
        name: residents.name,
        birthDate: residents.birthDate,
        phone: residents.phone,
        address: households.address,
        group: residentGroups.name,
        isHouseholdRep: residents.isHouseholdRep,
        isRepresentative: residents.isRepresentative,
        status: residents.status,
        movedOutOn: residents.movedOutOn,
      })
      .from(residents)
      .leftJoin(households, eq(households.id, residents.householdId))
      .leftJoin(residentGroups, eq(residentGroups.id, residents.groupId))
      .where(eq(residents.communityId, ctx.scope.communityId))
      .orderBy(asc(households.address), asc(residents.name), asc(residents.id))
      .limit(pageSize + 1)
      .offset(offset);
    return {
      households: [],
      residents: rows.slice(0, pageSize),
      nextCursor: rows.length > pageSize ? String(offset + pageSize) : null,
    };
  }),

  /** A one-time code (14 days) for the resident to activate their account; older codes stop working. */
  issueActivation: communityProcedure(KEEPERS, z.object({ residentId: idSchema }), byResidentRef).mutation(
    async ({ ctx, input }) => {
      const r = await loadResident(ctx.db, ctx.scope, input.residentId);
      if (r.status !== "active") throw fail.bad("resident.movedOut");
      if (!r.phone) throw fail.bad("resident.noPhone", "phone");
      const now = Date.now();
      const code = newActivationCode();
      const expiresAt = activationExpiresAt(now);
      await ctx.db.batch([
        ctx.db
          .update(activationCodes)
          .set({ revokedAt: now })
          .where(
            and(
              eq(activationCodes.residentId, r.id),
              isNull(activationCodes.usedAt),
              isNull(activationCodes.revokedAt),
            ),
          ),
        ctx.db.insert(activationCodes).values({
          id: newId(now),
          communityId: ctx.scope.communityId,
          residentId: r.id,
          codeHash: await sha256Hex(normalizeActivationCode(code)),
          expiresAt,
          createdBy: ctx.user.id,
          createdAt: now,
        }),
        scopedAudit(ctx.scope, ctx.user)(
          ctx.db,
          "resident.issueActivation",
          "resident",
          r.id,
          undefined,
          { expiresAt },
          now,
        ),
      ]);
      return {
        code,
        expiresAt,
        residentName: r.name,
        activatePath: `/${ctx.scope.streetSlug}/${ctx.scope.communitySlug}/activate`,
        communityName: ctx.scope.communityName,
      };
    },
  ),

  /** Withdraw access: outstanding codes stop working and an existing account is disabled. */
  revokeActivation: communityProcedure(KEEPERS, z.object({ residentId: idSchema }), byResidentRef).mutation(
    async ({ ctx, input }) => {
      const r = await loadResident(ctx.db, ctx.scope, input.residentId);
      const now = Date.now();
      const account = (await ctx.db.select({ id: users.id }).from(users).where(eq(users.residentId, r.id)))[0];
      await ctx.db.batch([
        ctx.db
          .update(activationCodes)
          .set({ revokedAt: now })
          .where(
            and(
              eq(activationCodes.residentId, r.id),
              isNull(activationCodes.usedAt),
              isNull(activationCodes.revokedAt),
            ),
          ),
        ...(account
          ? [
              ctx.db.update(users).set({ disabledAt: now, updatedAt: now }).where(eq(users.id, account.id)),
              ctx.db.update(sessions).set({ revokedAt: now }).where(eq(sessions.userId, account.id)),
            ]
          : []),
        scopedAudit(ctx.scope, ctx.user)(
          ctx.db,
          "resident.revokeActivation",
          "resident",
          r.id,
          undefined,
          { accountDisabled: Boolean(account) },
          now,
        ),
      ]);
      return { ok: true };
    },
  ),

  households: router({
    list: communityProcedure(READERS, householdListInput, byCommunityId).query(async ({ ctx, input }) => {
      const limit = input.limit ?? 30;
      const offset = offsetOf(input.cursor);
      const workerGrids = await gridsOfWorker(ctx.db, ctx.scope, ctx.user);
      const q = input.q?.replace(/[%_]/g, "");
      const where = and(
        eq(households.communityId, ctx.scope.communityId),
        input.gridId ? eq(households.gridId, input.gridId) : undefined,
        input.groupId ? eq(households.groupId, input.groupId) : undefined,
        workerGrids ? inArray(households.gridId, workerGrids.length ? workerGrids : ["-"]) : undefined,
        q ? like(households.address, `%${q}%`) : undefined,
      );
      const [rows, [total]] = await ctx.db.batch([
        ctx.db
          .select({
            id: households.id,
            address: households.address,
            gridId: households.gridId,
            gridName: gridNameColumn,
            groupId: households.groupId,
            groupName: groupNameColumn,
            members: sql<number>`(SELECT count(*) FROM residents r WHERE r.household_id = ${households.id} AND r.status = 'active')`,
            repName: sql<
              string | null
            >`(SELECT r.name FROM residents r WHERE r.household_id = ${households.id} AND r.is_household_rep = 1 AND r.status = 'active')`,
          })
          .from(households)
          .leftJoin(grids, eq(grids.id, households.gridId))
          .leftJoin(residentGroups, eq(residentGroups.id, households.groupId))
          .where(where)
          .orderBy(asc(households.address))
          .limit(limit + 1)
          .offset(offset),
        ctx.db.select({ n: count() }).from(households).where(where),
      ]);
      return {
        items: rows.slice(0, limit),
        total: total.n,
        nextCursor: rows.length > limit ? String(offset + limit) : null,
      };
    }),

    create: communityProcedure(KEEPERS, householdCreateInput, byCommunityId).mutation(async ({ ctx, input }) => {
      await assertInCommunity(ctx.db, ctx.scope, input);
      await assertFree(ctx.db, ctx.scope.communityId, "household", input.address);
      const now = Date.now();
      const row = {
        id: newId(now),
        communityId: ctx.scope.communityId,
        address: input.address,
        gridId: input.gridId ?? null,
        groupId: input.groupId ?? null,
        createdAt: now,
        updatedAt: now,
      };
      await ctx.db.batch([
        ctx.db.insert(households).values(row),
        scopedAudit(ctx.scope, ctx.user)(ctx.db, "household.create", "household", row.id, undefined, row, now),
      ]);
      return { id: row.id };
    }),

    update: communityProcedure(KEEPERS, householdUpdateInput, byHouseholdId).mutation(async ({ ctx, input }) => {
      await assertInCommunity(ctx.db, ctx.scope, input);
      const before = (await ctx.db.select().from(households).where(eq(households.id, input.id)))[0];
      const { id, ...changes } = input;
      await assertFree(ctx.db, ctx.scope.communityId, "household", changes.address, before.address);
      const now = Date.now();
      await ctx.db.batch([
        ctx.db
          .update(households)
          .set({ ...changes, updatedAt: now })
          .where(eq(households.id, id)),
        scopedAudit(ctx.scope, ctx.user)(ctx.db, "household.update", "household", id, before, changes, now),
      ]);
      return { id };
    }),
  }),

  groups: router({
    list: communityProcedure(READERS, z.object({ communityId: idSchema }), byCommunityId).query(({ ctx }) =>
      ctx.db
        .select({
          id: residentGroups.id,
          name: residentGroups.name,
          leaderName: residentGroups.leaderName,
          // Written out: drizzle leaves a column of a one-table select unqualified, and a bare "id" here would be r.id.
          members: sql<number>`(SELECT count(*) FROM residents r WHERE r.group_id = resident_groups.id AND r.status = 'active')`,
        })
        .from(residentGroups)
        .where(eq(residentGroups.communityId, ctx.scope.communityId))
        .orderBy(asc(residentGroups.sortOrder), asc(residentGroups.name)),
    ),
    create: communityProcedure(KEEPERS, groupCreateInput, byCommunityId).mutation(async ({ ctx, input }) => {
      await assertFree(ctx.db, ctx.scope.communityId, "group", input.name);
      const now = Date.now();
      const row = {
        id: newId(now),
        communityId: ctx.scope.communityId,
        name: input.name,
        leaderName: input.leaderName ?? "",
        createdAt: now,
        updatedAt: now,
      };
      await ctx.db.batch([
        ctx.db.insert(residentGroups).values(row),
        scopedAudit(ctx.scope, ctx.user)(ctx.db, "group.create", "group", row.id, undefined, row, now),
      ]);
      return { id: row.id };
    }),
    update: communityProcedure(KEEPERS, groupUpdateInput, byGroupId).mutation(async ({ ctx, input }) => {
      const before = (await ctx.db.select().from(residentGroups).where(eq(residentGroups.id, input.id)))[0];
      const { id, ...changes } = input;
      await assertFree(ctx.db, ctx.scope.communityId, "group", changes.name, before.name);
      const now = Date.now();
      await ctx.db.batch([
        ctx.db
          .update(residentGroups)
          .set({ ...changes, updatedAt: now })
          .where(eq(residentGroups.id, id)),
        scopedAudit(ctx.scope, ctx.user)(ctx.db, "group.update", "group", id, before, changes, now),
      ]);
      return { id };
    }),
  }),

  /** Residents' requests to correct their data (PIPL Arts 45–46). */
  corrections: communityProcedure(KEEPERS, correctionListInput, byCommunityId).query(({ ctx, input }) =>
    ctx.db
      .select({
        id: correctionRequests.id,
        residentId: correctionRequests.residentId,
        residentName: residents.name,
        text: correctionRequests.body,
        createdAt: correctionRequests.createdAt,
        status: correctionRequests.status,
        response: correctionRequests.response,
        handledAt: correctionRequests.handledAt,
      })
      .from(correctionRequests)
      .innerJoin(residents, eq(residents.id, correctionRequests.residentId))
      .where(
        and(
          eq(correctionRequests.communityId, ctx.scope.communityId),
          input.status ? eq(correctionRequests.status, input.status) : undefined,
        ),
      )
      .orderBy(desc(correctionRequests.createdAt))
      .limit(200),
  ),
  handleCorrection: communityProcedure(KEEPERS, correctionHandleInput, byCorrectionId).mutation(
    async ({ ctx, input }) => {
      const now = Date.now();
      const before = (await ctx.db.select().from(correctionRequests).where(eq(correctionRequests.id, input.id)))[0];
      if (before.status !== "open") throw fail.bad("correction.handled");
      await ctx.db.batch([
        ctx.db
          .update(correctionRequests)
          .set({ status: input.status, response: input.response, handledAt: now, handledBy: ctx.user.id })
          .where(eq(correctionRequests.id, input.id)),
        scopedAudit(ctx.scope, ctx.user)(
          ctx.db,
          "correction.handle",
          "correction",
          input.id,
          { status: before.status },
          { status: input.status, response: input.response },
          now,
        ),
      ]);
      return { ok: true };
    },
  ),
});

/** If `id` is to be its household's representative while another is, refuse or (replaceRep) demote the other. */
async function repConflict(
  db: DB,
  householdId: string | null | undefined,
  willBeRep: boolean | undefined,
  replaceRep: boolean | undefined,
  id: string,
) {
  if (willBeRep && !householdId) throw fail.bad("resident.repNeedsHousehold", "isHouseholdRep");
  if (!willBeRep || !householdId) return null;
  const other = await currentRep(db, householdId, id);
  if (other && !replaceRep) throw fail.conflict("resident.repTaken", "isHouseholdRep", { name: other.name });
  return other;
}

function demoteStatements(
  db: DB,
  scope: CommunityScope,
  other: { id: string } | null,
  actor: { displayName: string },
  now: number,
) {
  if (!other) return [];
  return [
    db.update(residents).set({ isHouseholdRep: false, updatedAt: now }).where(eq(residents.id, other.id)),
    historyInsert(db, scope, other.id, "role", { isHouseholdRep: false }, actor, now),
  ];
}

async function addressOf(db: DB, householdId: string | null | undefined): Promise<string | null> {
  if (!householdId) return null;
  return (
    (await db.select({ address: households.address }).from(households).where(eq(households.id, householdId)))[0]
      ?.address ?? null
  );
}
