import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../rules/catalog";
import { renderRulesDoc } from "../../scripts/rules-doc";

describe("docs/rules.md", () => {
  it("is what `npm run docs:rules` generates from the catalog (regenerate and commit when this fails)", () => {
    const committed = fs.readFileSync(path.resolve(__dirname, "../../docs/rules.md"), "utf8");
    expect(committed).toBe(renderRulesDoc());
  });
  it("documents every rule with its issue, config defaults and docs link", () => {
    const doc = renderRulesDoc();
    for (const r of CATALOG) {
      expect(doc).toContain(`## ${r.id}`);
      expect(doc).toContain(`**${r.issue}**`);
      expect(doc).toContain(r.docsUrl);
      for (const key of Object.keys(r.configSchema.properties)) expect(doc).toContain(`\`${key}\``);
    }
  });
});
