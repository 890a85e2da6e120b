/**
 * Test helper: parse JUnit XML with a strict XML parser (fast-xml-parser: its validator refuses
 * anything that is not well-formed) and return the parts the tests check. Throws on malformed XML.
 * In-process, so the tests need Node alone (it used to shell out to python3).
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";

export interface ParsedJunit {
  readonly suites: { tests: number; failures: number; errors: number };
  readonly cases: { classname: string; name: string; failure?: { message: string; type: string; text: string }; error?: string; systemOut?: string }[];
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  textNodeName: "#text",
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  htmlEntities: true, // numeric character references (&#x27;) as well as the five XML entities
  isArray: (name) => ["testsuite", "testcase"].includes(name),
});

const text = (n: unknown): string => (n === undefined ? "" : typeof n === "string" ? n : String((n as Node)["#text"] ?? ""));
const attr = (n: unknown, name: string): string => String((n as Node | undefined)?.[`@${name}`] ?? "");

export function parseJunit(xml: string): ParsedJunit {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`JUnit XML does not parse: ${valid.err.msg} (line ${valid.err.line})`);
  const doc = parser.parse(xml) as Node;
  const root = doc.testsuites as Node | undefined;
  if (!root) throw new Error(`JUnit XML: the root element is not <testsuites> (${Object.keys(doc).join(", ")})`);
  const cases = ((root.testsuite as Node[] | undefined) ?? []).flatMap((s) => (s.testcase as Node[] | undefined) ?? []);
  return {
    suites: { tests: Number(attr(root, "tests")), failures: Number(attr(root, "failures")), errors: Number(attr(root, "errors")) },
    cases: cases.map((tc) => ({
      classname: attr(tc, "classname"),
      name: attr(tc, "name"),
      ...(tc.failure !== undefined ? { failure: { message: attr(tc.failure, "message"), type: attr(tc.failure, "type"), text: text(tc.failure) } } : {}),
      ...(tc.error !== undefined ? { error: attr(tc.error, "message") } : {}),
      ...(tc["system-out"] !== undefined ? { systemOut: text(tc["system-out"]) } : {}),
    })),
  };
}
