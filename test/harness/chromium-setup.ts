/** vitest global setup: unpack the packaged Chromium once, before the workers (see chromium.ts). */
import { chromiumBinary } from "./chromium";

export default async function setup(): Promise<void> {
  await chromiumBinary();
}
