/**
 * Preloaded with NODE_OPTIONS="--require bench/cpu-profile-hook.cjs" (node refuses --cpu-prof in
 * NODE_OPTIONS) into a child the bench cannot start itself (the policy pack, spawned by the
 * harness): profiles the whole process and writes a .cpuprofile into $KG_CPU_PROFILE_DIR when the
 * process is told to stop (SIGTERM, what the harness sends) or exits.
 */
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload script */
const inspector = require("node:inspector");
const fs = require("node:fs");
const path = require("node:path");

const dir = process.env.KG_CPU_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.start");
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    session.post("Profiler.stop", (err, res) => {
      if (!err && res) fs.writeFileSync(path.join(dir, `pack-${process.pid}-${Date.now()}.cpuprofile`), JSON.stringify(res.profile));
    });
  };
  process.on("SIGTERM", () => {
    write();
    process.exit(0);
  });
  process.on("exit", write);
}
