/** rowsOnRead (report/rows-on-read.ts): the dashboard's per-resource views exist only while the template reads them. */
import Handlebars from "handlebars";
import { describe, expect, it } from "vitest";
import { rowsOnRead } from "../../live-checks/report/rows-on-read";

describe("rowsOnRead", () => {
  it("builds nothing until read, then each row in order with its index, anew on every read", () => {
    const built: string[] = [];
    const rows = rowsOnRead(["a", "b", "c"], (s, i) => {
      built.push(s);
      return { s, i };
    });
    expect(rows.length).toBe(3);
    expect(built).toEqual([]);
    expect([...rows]).toEqual([{ s: "a", i: 0 }, { s: "b", i: 1 }, { s: "c", i: 2 }]);
    expect([...rows]).toEqual([...rows]);
    expect(built).toEqual(["a", "b", "c", "a", "b", "c", "a", "b", "c"]);
  });

  it("renders through Handlebars' {{#each}} ({{@index}}, {{@last}}, {{else}}) and {{#if x.length}} as an array would", () => {
    const hb = Handlebars.create();
    const page = hb.compile("{{#if rows.length}}{{rows.length}}:{{/if}}{{#each rows}}{{@index}}={{s}}{{#unless @last}},{{/unless}}{{else}}none{{/each}}");
    const build = (s: string) => ({ s });
    expect(page({ rows: rowsOnRead(["a", "b", "c"], build) })).toBe(page({ rows: ["a", "b", "c"].map(build) }));
    expect(page({ rows: rowsOnRead(["a", "b", "c"], build) })).toBe("3:0=a,1=b,2=c");
    expect(page({ rows: rowsOnRead([], build) })).toBe("none");
  });
});
