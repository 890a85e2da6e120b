/**
 * Test helper: parse JUnit XML with a strict XML parser (Python's expat, python3 is on every
 * machine of this project) and return the parts the tests check. Throws on malformed XML.
 */
import { spawnSync } from "node:child_process";

export interface ParsedJunit {
  readonly suites: { tests: number; failures: number; errors: number };
  readonly cases: { classname: string; name: string; failure?: { message: string; type: string; text: string }; error?: string; systemOut?: string }[];
}

const SCRIPT = `
import sys, json, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
assert root.tag == "testsuites", root.tag
cases = []
for tc in root.iter("testcase"):
    c = {"classname": tc.get("classname"), "name": tc.get("name")}
    f = tc.find("failure")
    if f is not None:
        c["failure"] = {"message": f.get("message"), "type": f.get("type"), "text": f.text or ""}
    e = tc.find("error")
    if e is not None:
        c["error"] = e.get("message")
    o = tc.find("system-out")
    if o is not None:
        c["systemOut"] = o.text or ""
    cases.append(c)
print(json.dumps({"suites": {k: int(root.get(k)) for k in ("tests", "failures", "errors")}, "cases": cases}))
`;

export function parseJunit(xml: string): ParsedJunit {
  const r = spawnSync("python3", ["-c", SCRIPT], { input: xml, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`JUnit XML does not parse: ${r.stderr}`);
  return JSON.parse(r.stdout) as ParsedJunit;
}
