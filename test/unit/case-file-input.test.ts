import { describe, expect, it } from "vitest";
import { caseFileInput } from "../../shared/schemas/cases";
import { newId } from "../../shared/ids";

const base = {
  street: "demo-street",
  community: "hehua",
  kind: "complaint",
  category: "disclosure",
  description: "公示的金额与发票不符",
};
const issues = (input: object) =>
  (caseFileInput.safeParse({ ...base, ...input }).error?.issues ?? []).map((i) => [i.path.join("."), i.message]);

describe("caseFileInput: what a complaint about disclosure may name", () => {
  it("names nothing, a notice or a finance period", () => {
    expect(issues({})).toEqual([]);
    expect(issues({ noticeId: newId() })).toEqual([]);
    expect(issues({ periodId: newId() })).toEqual([]);
    expect(caseFileInput.parse(base)).toMatchObject({ noticeId: null, periodId: null });
  });

  it("not both at once", () => {
    expect(issues({ noticeId: newId(), periodId: newId() })).toEqual([["periodId", "case.oneSubject"]]);
  });

  it("only as a complaint under the disclosure category", () => {
    expect(issues({ category: "facilities", noticeId: newId() })).toEqual([["category", "case.subjectIsDisclosure"]]);
    expect(issues({ kind: "suggestion", periodId: newId() })).toEqual([["kind", "case.subjectIsComplaint"]]);
    expect(issues({ kind: "request", category: "facilities" })).toEqual([]);
  });
});
