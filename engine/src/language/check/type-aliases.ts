import { isTypeName, type ValueType } from "./value-type";

/**
 * The names other languages give momoflow's types (TypeScript's `boolean`
 * and `object`, Python's `str`, `float` and `dict`, JSON Schema's `integer`
 * and `array`), too far from ours by edit distance for the "did you mean" of
 * MF007 to find them. A name written with capitals (`String`, `Int`) is
 * looked up in lower case.
 */
const TYPE_ALIASES: ReadonlyMap<string, ValueType> = new Map([
  ["integer", "int"],
  ["long", "int"],
  ["short", "int"],
  ["i32", "int"],
  ["i64", "int"],
  ["uint", "int"],
  ["str", "string"],
  ["text", "string"],
  ["char", "string"],
  ["float", "number"],
  ["double", "number"],
  ["decimal", "number"],
  ["real", "number"],
  ["f64", "number"],
  ["num", "number"],
  ["boolean", "bool"],
  ["dict", "map"],
  ["object", "map"],
  ["hash", "map"],
  ["record", "map"],
  ["dictionary", "map"],
  ["hashmap", "map"],
  ["array", "list"],
  ["tuple", "list"],
  ["vector", "list"],
  ["sequence", "list"],
  ["set", "list"],
  ["file", "path"],
  ["filepath", "path"],
  ["filename", "path"],
  ["directory", "path"],
  ["dir", "path"],
  ["timedelta", "duration"],
  ["time", "duration"],
  ["bytes", "size"],
  ["password", "secret"],
  ["token", "secret"],
  ["unknown", "any"],
  ["mixed", "any"],
]);

/**
 * The type another language's name stands for (`integer` for `int`), or the
 * type itself written with capitals (`String`); undefined when none.
 */
export function meantType(name: string): ValueType | undefined {
  const lower = name.toLowerCase();
  if (TYPE_ALIASES.has(lower)) return TYPE_ALIASES.get(lower);
  return lower !== name && isTypeName(lower) ? lower : undefined;
}
