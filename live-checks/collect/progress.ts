/**
 * Progress on stderr: a cli-progress bar on a terminal, plain lines otherwise (CI logs), or
 * nothing. Work is discovered as the audit goes (listings reveal how many describes follow), so
 * the total grows; the label shows the latest phase.
 */
import { SingleBar } from "cli-progress";

export type ProgressMode = "auto" | "tty" | "plain" | "off";

export interface Progress {
  /** More work units became known. */
  addWork(n: number): void;
  /** `n` work units finished. */
  done(n?: number): void;
  /** A phase started, e.g. "us-east-1: describing 40 streams". */
  phase(label: string): void;
  stop(): void;
}

class NoProgress implements Progress {
  addWork(): void {}
  done(): void {}
  phase(): void {}
  stop(): void {}
}

class PlainProgress implements Progress {
  private stopped = false;
  private total = 0;
  private completed = 0;
  constructor(private readonly out: NodeJS.WritableStream) {}
  addWork(n: number): void {
    this.total += n;
  }
  done(n = 1): void {
    this.completed += n;
  }
  phase(label: string): void {
    this.out.write(`kinesis-guard: ${label} (${this.completed}/${this.total} requests done)\n`);
  }
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.out.write(`kinesis-guard: collection finished (${this.completed}/${this.total} requests done)\n`);
  }
}

class BarProgress implements Progress {
  private stopped = false;
  private readonly bar: SingleBar;
  private total = 0;
  private completed = 0;
  private label = "starting";
  constructor(stream: NodeJS.WritableStream) {
    this.bar = new SingleBar({
      format: "kinesis-guard {bar} {value}/{total} | {phase}",
      stream: stream as NodeJS.WriteStream,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    });
    this.bar.start(0, 0, { phase: this.label });
  }
  addWork(n: number): void {
    this.total += n;
    this.bar.setTotal(this.total);
  }
  done(n = 1): void {
    this.completed += n;
    this.bar.update(this.completed, { phase: this.label });
  }
  phase(label: string): void {
    this.label = label;
    this.bar.update(this.completed, { phase: label });
  }
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.bar.update(this.completed, { phase: "done" });
    this.bar.stop();
  }
}

export function createProgress(mode: ProgressMode | undefined, stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr): Progress {
  const m = mode ?? "auto";
  if (m === "off") return new NoProgress();
  if (m === "tty" || (m === "auto" && stream.isTTY === true)) return new BarProgress(stream);
  return new PlainProgress(stream);
}
