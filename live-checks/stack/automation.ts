/**
 * `--stack NAME`: export the stack's state with the Pulumi Automation API
 * (https://www.pulumi.com/docs/iac/using-pulumi/automation-api/), which drives the pulumi CLI.
 * Only when the CLI is on PATH; otherwise a clear message to export the state and pass
 * --stack-export. The export asks for --show-secrets (the Automation API always does): decrypted
 * values feed the rules and are redacted from every output, never printed.
 */
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { UsageError } from "../exit-codes";
import { parseStackDocument, type LoadOptions } from "./load";
import type { StackDocument } from "./types";

/** Path of the `pulumi` executable on PATH, if any. */
export function findPulumiCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const names = process.platform === "win32" ? ["pulumi.exe", "pulumi.cmd", "pulumi"] : ["pulumi"];
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export interface ExportOptions extends LoadOptions {
  /** The Pulumi project directory (default: the current directory). */
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export async function exportStackWithPulumi(stackName: string, opts: ExportOptions = {}): Promise<StackDocument> {
  const env = opts.env ?? process.env;
  const cli = findPulumiCli(env);
  if (!cli) {
    throw new UsageError(
      `--stack ${stackName}: the pulumi CLI is not on PATH, so the stack cannot be exported here. ` +
        `Export it where the CLI runs (\`pulumi stack export --stack ${stackName} --file state.json\`) and pass --stack-export state.json instead.`,
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LocalWorkspace, PulumiCommand } = require("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation");
  try {
    // The `pulumi` found on PATH (the one just checked).
    const pulumiCommand = await PulumiCommand.get();
    const stack = await LocalWorkspace.selectStack({ stackName, workDir: opts.cwd ?? process.cwd() }, { pulumiCommand });
    const deployment = await stack.exportStack();
    return parseStackDocument(JSON.stringify(deployment), `pulumi stack export --stack ${stackName}`, opts);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const msg = ((e as Error).message ?? String(e)).split("\n").filter((l) => l.trim()).slice(0, 6).join("\n  ");
    throw new UsageError(`--stack ${stackName}: exporting the stack with the pulumi CLI (${cli}) failed:\n  ${msg}\nRun it in the project directory, or pass --stack-export with the output of \`pulumi stack export\`.`);
  }
}
