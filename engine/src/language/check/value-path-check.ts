import type { Expression, Reference } from "../ast";
import { readWrittenPath, type WrittenValueOf } from "../written-path";
import type { DiagnosticSink } from "./diagnostic-sink";
import { describeType, type ValueType } from "./value-type";

/** The types whose values have items or fields: a list, a map, and `any` (which may be either). */
const WITH_ITEMS: ReadonlySet<ValueType> = new Set(["list", "map", "any"]);

/**
 * A read of an item or field of a param, var or command parameter
 * (`samples[0]`, `config.sites[1].name`; language.md § References): MF008
 * on the first part at fault when the name's type has no items or fields
 * (`count[0]` of an `int`, `samples.x` of a `list`, `config[0]` of a `map`),
 * or when the value is written out where the run cannot change it (a var's
 * value) and has no such item or field. Returns the type of what is read:
 * that of the item written out, else `any` (known in the run).
 */
export function checkValuePath(
  ref: Reference,
  type: ValueType,
  writtenOf: WrittenValueOf | undefined,
  sink: DiagnosticSink,
): ValueType {
  const [name, first] = ref.segments;
  if (!name || !first) return type;
  const what = first.index === undefined ? `field "${first.text}"` : `item ${first.text}`;
  if (!WITH_ITEMS.has(type)) {
    sink.report(
      "MF008",
      first.range,
      `"${name.text}" is ${describeType(type)}: it has no ${what} (only a list, a map or an \`any\` value has items and fields)`,
    );
    return "any";
  }
  if (type === "list" && first.index === undefined) {
    sink.report(
      "MF008",
      first.range,
      `"${name.text}" is a list: it has no ${what}; read an item as ${name.text}[0]`,
    );
    return "any";
  }
  if (type === "map" && first.index !== undefined) {
    sink.report(
      "MF008",
      first.range,
      `"${name.text}" is a map: it has no ${what}; read a field as ${name.text}.name`,
    );
    return "any";
  }
  const written = writtenOf?.(name.text);
  if (!written) return "any";
  const read = readWrittenPath(written, [name], ref.segments.slice(1), writtenOf);
  if (read.kind === "missing") {
    sink.report("MF008", read.segment.range, read.message);
    return "any";
  }
  return read.kind === "found" ? writtenType(read.value) : "any";
}

/** The type of a value written out; `any` for one known only in the run. */
function writtenType(value: Expression): ValueType {
  switch (value.kind) {
    case "number":
      return value.integer ? "int" : "number";
    case "string":
    case "bool":
    case "list":
    case "map":
    case "duration":
    case "size":
      return value.kind;
    default:
      return "any";
  }
}
