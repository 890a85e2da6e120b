/**
 * The headless Chromium the browser tests drive. Debian's /usr/bin/chromium when it is installed
 * (or KINESIS_GUARD_CHROMIUM names another binary); otherwise the binary shipped inside the npm
 * package @sparticuz/chromium, so `npm test` needs nothing but Node and npm. The package's binary is
 * unpacked to /tmp once, by the global setup (test/harness/chromium-setup.ts), before the test
 * workers start: two workers unpacking it at the same time would race.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/**
 * Flags for a closed network and a root user: no sandbox (root), no background connections (refused
 * here and slow to time out), no GPU. Deliberately NOT the package's own flag list, which disables
 * web security and would weaken what the dashboard safety tests check (CSP, blocked requests).
 */
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];
/** The packaged build is a headless-shell build: it needs no zygote and renders with SwiftShader. */
const PACKAGED_FLAGS = ["--no-zygote", "--use-gl=angle", "--use-angle=swiftshader"];

/** Path of the binary to drive and where it came from (for error messages). */
export async function chromiumBinary(): Promise<{ path: string; source: string; packaged: boolean }> {
  const override = process.env.KINESIS_GUARD_CHROMIUM;
  if (override) return { path: override, source: "KINESIS_GUARD_CHROMIUM", packaged: false };
  if (existsSync(DEBIAN_CHROMIUM)) return { path: DEBIAN_CHROMIUM, source: "Debian's chromium", packaged: false };
  const { default: packaged } = await import("@sparticuz/chromium");
  return { path: await packaged.executablePath(), source: "@sparticuz/chromium", packaged: true };
}

/** Launches headless Chromium for a test file. */
export async function launchChromium(): Promise<Browser> {
  const bin = await chromiumBinary();
  try {
    return await chromium.launch({ executablePath: bin.path, headless: true, args: [...FLAGS, ...(bin.packaged ? PACKAGED_FLAGS : [])] });
  } catch (e) {
    throw new Error(`could not start Chromium from ${bin.source} (${bin.path}): ${(e as Error).message}`);
  }
}
