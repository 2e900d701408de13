import { describe, expect, it } from "vitest";
import { duplicateColumns, selectColumnNames } from "../../shared/sql-columns";

describe("result column names of a select (the D1 batch pitfall)", () => {
  it("reads qualified columns, aliases and subqueries with commas inside", () => {
    const sql =
      'select "shifts"."id", "shifts"."task", (SELECT count(*) FROM shift_signups s WHERE s.shift_id = "shifts"."id" AND s.x IN (1, 2)) as "signed", "volunteer_teams"."name" as "team_name" from "shifts" inner join "volunteer_teams" on x = y';
    expect(selectColumnNames(sql)).toEqual(["id", "task", "signed", "team_name"]);
    expect(duplicateColumns(sql)).toEqual([]);
  });

  it("finds two tables' id or name in one select", () => {
    expect(duplicateColumns('select "a"."id", "b"."id", "b"."name" from "a" join "b" on 1')).toEqual(["id"]);
    expect(duplicateColumns('select "a"."name", "b"."name" as "name" from a')).toEqual(["name"]);
  });

  it("ignores commas and the word from inside strings, and non-selects", () => {
    expect(selectColumnNames(`select 'a, b from c' as "x", "t"."y" from t`)).toEqual(["x", "y"]);
    expect(selectColumnNames('insert into "t" ("a", "b") values (?, ?)')).toEqual([]);
  });
});
