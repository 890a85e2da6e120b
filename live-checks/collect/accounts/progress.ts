/**
 * Progress of an organization-wide audit on stderr: account-regions done out of those known so far
 * (accounts' regions become known as their roles are assumed) and requests made; a bar on a
 * terminal, a line per account-region otherwise (CI logs), or nothing.
 */
import { SingleBar } from "cli-progress";

export interface OrgProgress {
  addAccountRegions(n: number): void;
  accountRegionDone(label: string, requests: number): void;
  accountFailed(account: string, reason: string): void;
  stop(): void;
}

export function createOrgProgress(mode: "auto" | "tty" | "plain" | "off" | undefined, out: NodeJS.WritableStream & { isTTY?: boolean }): OrgProgress {
  const m = mode ?? "auto";
  let total = 0;
  let done = 0;
  let requests = 0;
  let stopped = false;
  if (m === "off") return { addAccountRegions: () => undefined, accountRegionDone: () => undefined, accountFailed: () => undefined, stop: () => undefined };
  if (m === "tty" || (m === "auto" && out.isTTY === true)) {
    const bar = new SingleBar({ format: "kinesis-guard {bar} {value}/{total} account-regions | {requests} requests | {last}", stream: out as NodeJS.WriteStream, hideCursor: true, clearOnComplete: false });
    bar.start(0, 0, { requests: 0, last: "assuming roles" });
    return {
      addAccountRegions: (n) => {
        total += n;
        bar.setTotal(total);
      },
      accountRegionDone: (label, r) => {
        done++;
        requests += r;
        bar.update(done, { requests, last: label });
      },
      accountFailed: (account) => bar.update(done, { requests, last: `${account} failed` }),
      stop: () => {
        if (stopped) return;
        stopped = true;
        bar.update(done, { requests, last: "done" });
        bar.stop();
      },
    };
  }
  return {
    addAccountRegions: (n) => {
      total += n;
    },
    accountRegionDone: (label, r) => {
      done++;
      requests += r;
      out.write(`kinesis-guard: ${label} collected (${done}/${total} account-regions, ${requests} requests)\n`);
    },
    accountFailed: (account, reason) => out.write(`kinesis-guard: account ${account} not audited: ${reason}\n`),
    stop: () => {
      if (stopped) return;
      stopped = true;
      out.write(`kinesis-guard: collection finished (${done}/${total} account-regions, ${requests} requests)\n`);
    },
  };
}
