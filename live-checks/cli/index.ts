/**
 * The kinesis-guard CLI: one commander program, one file per command (audit.ts, scan.ts, rules.ts),
 * each exporting register<Name>Command(program). Usage errors (unknown flag, missing argument)
 * exit 2, like every input error.
 */
import { Command, CommanderError } from "commander";
import { version } from "../../package.json";
import { EXIT_CLEAN, EXIT_CODES_HELP, EXIT_USAGE } from "../exit-codes";
import { installSignalCleanup } from "../report/report-set";
import { termLines } from "../report/terminal";
import { registerAuditCommand } from "./audit";
import { registerRulesCommand } from "./rules";
import { registerScanCommand } from "./scan";

export function buildProgram(): Command {
  const program = new Command("kinesis-guard")
    .description("Guardrails for AWS Kinesis Data Streams and Firehose run with Pulumi: live audit, offline scan, rule catalog.")
    .version(version)
    .exitOverride() // inherited by the commands registered below: we map commander's exits ourselves
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText(
      "after",
      `\nRun \`kinesis-guard <command> --help\` for a command's options.\n\n${EXIT_CODES_HELP}\n\n` +
        "PR gate: pulumi preview --json > preview.json && kinesis-guard scan preview.json --format sarif,markdown\n" +
        "Post-deploy: pulumi stack export --file state.json && kinesis-guard audit --stack-export state.json\n",
    );
  registerAuditCommand(program);
  registerScanCommand(program);
  registerRulesCommand(program);
  return program;
}

/** Parse argv and run; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  // SIGINT / SIGTERM: drop any half-built report set and exit 130 / 143 (output/report-set.ts).
  installSignalCleanup();
  try {
    await buildProgram().parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT_CLEAN;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return EXIT_CLEAN;
      return EXIT_USAGE; // commander already printed the message
    }
    process.stderr.write(termLines(`kinesis-guard: ${(e as Error)?.message ?? String(e)}`) + "\n");
    return EXIT_USAGE;
  }
}
