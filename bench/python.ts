/**
 * The seed script's interpreter: Debian's /usr/bin/python3 with python3-boto3 (not a pyenv python
 * that may come first on PATH). Installed on demand so the bench runs from a clean clone (root).
 */
import { spawnSync } from "node:child_process";

export const SYSTEM_PYTHON = "/usr/bin/python3";

function hasBoto3(): boolean {
  return spawnSync(SYSTEM_PYTHON, ["-c", "import boto3"], { stdio: "ignore" }).status === 0;
}

/** Make sure `/usr/bin/python3 -c "import boto3"` works, installing python3-boto3 with apt-get if needed. */
export function ensureBoto3(log: (msg: string) => void): void {
  if (hasBoto3()) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`${SYSTEM_PYTHON} cannot import boto3 and this is not root: run "sudo apt-get install -y python3-boto3" and retry`);
  }
  log("installing python3-boto3 (apt-get)...");
  for (const args of [["update"], ["install", "-y", "python3-boto3"]]) {
    const r = spawnSync("apt-get", args, { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed (exit ${r.status}); install python3-boto3 by hand and retry`);
  }
  if (!hasBoto3()) throw new Error(`python3-boto3 installed but ${SYSTEM_PYTHON} still cannot import boto3`);
}
