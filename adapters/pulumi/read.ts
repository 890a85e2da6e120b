/** Typed readers over plain props: each returns the value, undefined when absent, or UNKNOWN. */
import { UNKNOWN, type Maybe, type Tags } from "../../rules/model";
import type { Plain } from "./plain";

type Obj = { readonly [k: string]: Plain };

/** The value at a dotted path; UNKNOWN as soon as a step is unknown, undefined when a step is missing. */
export function at(obj: Plain | undefined, path: string): Plain | undefined {
  let cur: Plain | undefined = obj;
  for (const key of path.split(".")) {
    if (cur === UNKNOWN) return UNKNOWN;
    if (cur === null || cur === undefined || typeof cur !== "object") return undefined;
    cur = Array.isArray(cur) ? cur[Number(key)] : (cur as Obj)[key];
  }
  return cur === null ? undefined : cur;
}

export function str(v: Plain | undefined): Maybe<string | undefined> {
  if (v === UNKNOWN) return UNKNOWN;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

export function num(v: Plain | undefined): Maybe<number | undefined> {
  if (v === UNKNOWN) return UNKNOWN;
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function bool(v: Plain | undefined): Maybe<boolean | undefined> {
  if (v === UNKNOWN) return UNKNOWN;
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "false") return v === "true";
  return undefined;
}

/** A list of strings; UNKNOWN when the list or any element is unknown. */
export function strList(v: Plain | undefined): Maybe<string[] | undefined> {
  if (v === UNKNOWN) return UNKNOWN;
  if (!Array.isArray(v)) return undefined;
  const out: string[] = [];
  for (const e of v) {
    if (e === UNKNOWN) return UNKNOWN;
    if (typeof e === "string") out.push(e);
  }
  return out;
}

/**
 * A list of objects (elements that are not objects are dropped); UNKNOWN when the list or any
 * element is unknown: an element not known yet (e.g. `processors: [<unknown>]` at preview) may be
 * the one a rule looks for, so the list cannot be judged either.
 */
export function objList(v: Plain | undefined): Maybe<Obj[] | undefined> {
  if (v === UNKNOWN) return UNKNOWN;
  if (!Array.isArray(v)) return undefined;
  if (v.some((e) => e === UNKNOWN)) return UNKNOWN;
  return v.filter((e): e is Obj => e !== null && typeof e === "object" && !Array.isArray(e));
}

/** Tags: a string map; UNKNOWN when the map or any value is unknown. */
export function tags(v: Plain | undefined): Maybe<Tags> {
  if (v === UNKNOWN) return UNKNOWN;
  if (v === null || v === undefined || typeof v !== "object" || Array.isArray(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, e] of Object.entries(v)) {
    if (e === UNKNOWN) return UNKNOWN;
    if (e !== null) out[k] = String(e);
  }
  return out;
}

/** Apply a provider default to a value that is absent (never to an unknown one). */
export function orDefault<T>(v: Maybe<T | undefined>, def: T): Maybe<T> {
  return v === undefined ? def : v;
}

/** Region from an ARN (arn:aws:service:region:account:...). */
export function arnRegion(arn: Maybe<string | undefined>): string | undefined {
  if (typeof arn !== "string") return undefined;
  const parts = arn.split(":");
  return parts.length > 4 && parts[3] ? parts[3] : undefined;
}
