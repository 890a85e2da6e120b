/**
 * Generate the JSON Schema files of schemas/ from their TypeBox declarations (`npm run schemas`).
 * `--check` exits 1 when a committed file differs (the test suite checks the same).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { schemaFiles } from "./schema-files";

const dir = path.resolve(__dirname, "../schemas");
let stale = false;
for (const [name, text] of schemaFiles()) {
  const target = path.join(dir, name);
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
    if (current !== text) {
      console.error(`schemas/${name} is stale: run \`npm run schemas\` and commit the result.`);
      stale = true;
    }
  } else {
    fs.writeFileSync(target, text);
    console.log(`wrote ${path.relative(process.cwd(), target)}`);
  }
}
if (stale) process.exit(1);
