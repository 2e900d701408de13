import { and, desc, eq } from "drizzle-orm";
import { assessmentAdjustments, assessmentPlans, assessmentResults, communities, streets } from "../../db/schema";
import { assessmentScore, DEFAULT_WEIGHTS, yearRange, type Weights } from "../../shared/rules/monitor";
import { canonicalJson, contentHash } from "../../shared/rules/transparency";
import type { DB, Statement } from "../db";
import { yearInputs } from "./monitor";
import { logEntryInsert } from "./transparency";

export async function planFor(db: DB, streetId: string, year: number) {
  const row = (
    await db
      .select()
      .from(assessmentPlans)
      .where(and(eq(assessmentPlans.streetId, streetId), eq(assessmentPlans.year, year)))
  )[0];
  return row ?? { streetId, year, weights: DEFAULT_WEIGHTS, status: "draft" as const, publishedAt: null, updatedAt: 0 };
}

/** The year's computed scores with every input, ranked; adjustments applied. */
export async function computeAssessment(db: DB, streetId: string, year: number, weights: Weights, now = Date.now()) {
  const { from, to } = yearRange(year);
  const [inputs, adjustments] = await Promise.all([
    yearInputs(db, streetId, from, to, now),
    db
      .select()
      .from(assessmentAdjustments)
      .where(and(eq(assessmentAdjustments.streetId, streetId), eq(assessmentAdjustments.year, year))),
  ]);
  const rows = inputs.map((c) => {
    const adj = adjustments.find((a) => a.communityId === c.id);
    const result = assessmentScore(c.values, weights, adj?.points ?? 0);
    return {
      id: c.id,
      slug: c.slug,
      name: c.name,
      kind: c.kind,
      values: c.values,
      counts: c.counts,
      required: c.required,
      residents: c.residents,
      parts: result.parts,
      base: result.base,
      adjustment: adj?.points ?? 0,
      adjustmentReason: adj?.reason ?? "",
      adjustedBy: adj?.userName ?? null,
      score: result.score,
      rank: 0,
    };
  });
  const ranked = [...rows].sort((a, b) => (b.score ?? -1) - (a.score ?? -1));
  // Equal scores share a rank (1, 2, 2, 4).
  ranked.forEach((r, i) => (r.rank = i > 0 && ranked[i - 1].score === r.score ? ranked[i - 1].rank : i + 1));
  return rows;
}

/** What the public page and the transparency log show of one community's result. */
export function resultContent(p: {
  street: string;
  community: string;
  communityName: string;
  year: number;
  weights: Weights;
  row: Awaited<ReturnType<typeof computeAssessment>>[number];
  of: number;
  publishedAt: number;
}) {
  return {
    kind: "assessment.result",
    street: p.street,
    community: p.community,
    communityName: p.communityName,
    year: p.year,
    weights: p.weights,
    parts: p.row.parts,
    base: p.row.base,
    adjustment: p.row.adjustment,
    adjustmentReason: p.row.adjustmentReason,
    score: p.row.score,
    rank: p.row.rank,
    of: p.of,
    publishedAt: p.publishedAt,
  };
}

/**
 * Fix the year's results: one result row per community with its canonical content and hash, the
 * plan marked published, and one entry in each community's transparency log, all in one batch.
 */
export async function publishStatements(db: DB, streetId: string, year: number, weights: Weights, now: number) {
  const [street] = await db.select({ slug: streets.slug }).from(streets).where(eq(streets.id, streetId));
  const rows = await computeAssessment(db, streetId, year, weights, now);
  const statements: Statement[] = [];
  for (const row of rows) {
    const content = resultContent({
      street: street.slug,
      community: row.slug,
      communityName: row.name,
      year,
      weights,
      row,
      of: rows.length,
      publishedAt: now,
    });
    const hash = await contentHash(content);
    statements.push(
      db.insert(assessmentResults).values({
        streetId,
        year,
        communityId: row.id,
        rank: row.rank,
        score: row.score,
        base: row.base,
        adjustment: row.adjustment,
        adjustmentReason: row.adjustmentReason,
        content: canonicalJson(content),
        contentHash: hash,
        publishedAt: now,
      }),
      (
        await logEntryInsert(db, row.id, {
          kind: "assessment.result",
          recordId: `${year}`,
          version: 1,
          contentHash: hash,
          at: now,
        })
      ).query,
    );
  }
  return { statements, count: rows.length };
}

/** Published years of a street, and one year's results with their inputs (public). */
export async function publishedAssessment(db: DB, streetId: string, year: number | undefined) {
  const years = await db
    .select({ year: assessmentPlans.year, publishedAt: assessmentPlans.publishedAt })
    .from(assessmentPlans)
    .where(and(eq(assessmentPlans.streetId, streetId), eq(assessmentPlans.status, "published")))
    .orderBy(desc(assessmentPlans.year));
  const chosen = year ?? years[0]?.year;
  if (chosen === undefined || !years.some((y) => y.year === chosen)) return { years, year: chosen ?? null, rows: [] };
  const rows = await db
    .select({
      communityId: assessmentResults.communityId,
      communityName: communities.name,
      communitySlug: communities.slug,
      rank: assessmentResults.rank,
      score: assessmentResults.score,
      content: assessmentResults.content,
      contentHash: assessmentResults.contentHash,
      publishedAt: assessmentResults.publishedAt,
    })
    .from(assessmentResults)
    .innerJoin(communities, eq(communities.id, assessmentResults.communityId))
    .where(and(eq(assessmentResults.streetId, streetId), eq(assessmentResults.year, chosen)))
    .orderBy(assessmentResults.rank, communities.name);
  // The rank and score shown are the hashed content's, so a silent edit of the columns shows nothing new.
  const shown = rows.map(({ content, rank: _rank, score: _score, ...r }) => {
    const result = JSON.parse(content) as ReturnType<typeof resultContent>;
    return { ...r, rank: result.rank, score: result.score, result };
  });
  shown.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.communityName.localeCompare(b.communityName));
  return { years, year: chosen, rows: shown };
}
