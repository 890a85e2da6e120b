/**
 * Building blocks for the JSON Schemas the tool publishes (schemas/*.schema.json) and the files it
 * reads: each is declared once with TypeBox, which gives both the JSON Schema and the static type
 * (Static<typeof X>); scripts/gen-schemas.ts writes the schema files from the declarations and a
 * test fails when a committed file is stale. The blocks keep the plain JSON-Schema forms the files
 * always had (`"type": ["string", "null"]`, `enum`, `additionalProperties` maps) rather than
 * TypeBox's anyOf / patternProperties, so the files stay short and ajv's messages unchanged.
 */
import { Type, type SchemaOptions, type Static, type TSchema, type TUnsafe } from "@sinclair/typebox";

/** A value of type `t` or null, in the compact `type: [t, "null"]` form. */
export const orNull = {
  string: (opts: SchemaOptions = {}): TUnsafe<string | null> => Type.Unsafe<string | null>({ type: ["string", "null"], ...opts }),
  number: (opts: SchemaOptions = {}): TUnsafe<number | null> => Type.Unsafe<number | null>({ type: ["number", "null"], ...opts }),
  boolean: (opts: SchemaOptions = {}): TUnsafe<boolean | null> => Type.Unsafe<boolean | null>({ type: ["boolean", "null"], ...opts }),
};

/** One of a few strings: a plain `enum`, typed as the union of the values. */
export const oneOf = <T extends string>(values: readonly T[], opts: SchemaOptions = {}): TUnsafe<T> => Type.Unsafe<T>({ enum: [...values], ...opts });

/**
 * One of a few strings in the file, typed `string` in the code: for values the code takes from
 * AWS as strings (a stream's mode, a status) that the schema pins for readers.
 */
export const knownString = (values: readonly string[], opts: SchemaOptions = {}): TUnsafe<string> => Type.Unsafe<string>({ enum: [...values], ...opts });

/** An object of string values (tags, CloudWatch dimensions). */
export const stringMap = (opts: SchemaOptions = {}): TUnsafe<Record<string, string>> =>
  Type.Unsafe<Record<string, string>>({ type: "object", additionalProperties: { type: "string" }, ...opts });

/** A `$ref` to a schema under the document's `definitions`, typed as that schema. */
export const ref = <T extends TSchema>(name: string, _schema: T): TUnsafe<Static<T>> =>
  Type.Unsafe<Static<T>>({ $ref: `#/definitions/${name}` });

/**
 * The schema with the keys that have a default left out of `required`, at every level: the file may
 * omit them, and validation with ajv's useDefaults fills them in, so the static type (every key
 * present) is what the code reads after validation. Returns a plain JSON Schema object typed as the
 * declaration.
 */
export function withDefaultsOptional<T extends TSchema>(schema: T): T {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== "object") return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = strip(v);
    const props = out.properties as Record<string, { default?: unknown }> | undefined;
    if (Array.isArray(out.required) && props) {
      const required = (out.required as string[]).filter((k) => props[k]?.default === undefined);
      if (required.length > 0) out.required = required;
      else delete out.required;
    }
    return out;
  };
  return strip(schema) as T;
}

/** The static type with every property and array read-only (what the code hands around). */
export type Frozen<T> = T extends (infer U)[] ? readonly Frozen<U>[] : T extends object ? { readonly [K in keyof T]: Frozen<T[K]> } : T;

/** A schema document as committed: 2-space JSON with a final newline (TypeBox's symbol keys drop out). */
export function schemaFileText(schema: unknown): string {
  return JSON.stringify(schema, null, 2) + "\n";
}
