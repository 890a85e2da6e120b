/**
 * Generate docs/rules.md from the rule catalog (`npm run docs:rules`).
 * `--check` exits 1 when the committed file differs (the test suite checks the same).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { renderRulesDoc } from "./rules-doc";

const target = path.resolve(__dirname, "../docs/rules.md");
const text = renderRulesDoc();
if (process.argv.includes("--check")) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
  if (current !== text) {
    console.error("docs/rules.md is stale: run `npm run docs:rules` and commit the result.");
    process.exit(1);
  }
} else {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
