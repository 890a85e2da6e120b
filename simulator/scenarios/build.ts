/**
 * Writes the committed scenario files from their builders (deterministic: same output every run).
 *   npx tsx simulator/scenarios/build.ts
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { validateScenario, type Scenario } from "../scenario";
import { demoFleet } from "./demo-fleet";
import { smallMultiRegion } from "./small-multi-region";

function write(file: string, s: Scenario): void {
  const json = JSON.stringify(s, null, 1) + "\n"; // drops undefined members
  validateScenario(JSON.parse(json), file);
  writeFileSync(join(__dirname, file), json);
  console.log(`wrote ${file}`);
}

write("demo-fleet.json", demoFleet());
write("small-multi-region.json", smallMultiRegion());
