import { ExactNumber, markOf } from "../../runtime/exact-number";
import { inexactReading, mayBeInexact, numberLiterals } from "./inexact-json-number";

/**
 * JSON text parsed with every number kept as written: a number that
 * JSON.parse would round or overflow (a 64-bit id, `1e400`) becomes an
 * {@link ExactNumber} holding its literal; every other stays a plain number.
 * Only a text that may hold such a number (16 digits in a row, an exponent)
 * is read twice; any other is JSON.parse alone.
 *
 * @throws SyntaxError as JSON.parse does, for text that is not JSON.
 */
export function parseJsonExactly(text: string): unknown {
  const parsed = JSON.parse(text) as unknown;
  if (!mayBeInexact(text)) return parsed;
  const marked = withInexactNumbersMarked(text);
  return marked === undefined ? parsed : (JSON.parse(marked, keepMarked) as unknown);
}

/**
 * `json` with each number that JSON.parse would change written as a string
 * that holds a mark and its literal; undefined when there is none.
 */
function withInexactNumbersMarked(json: string): string | undefined {
  let out = "";
  let from = 0;
  for (const { literal, start, end } of numberLiterals(json)) {
    if (inexactReading(literal) === undefined) continue;
    out += json.slice(from, start) + JSON.stringify(markOf(literal));
    from = end;
  }
  return from === 0 ? undefined : out + json.slice(from);
}

/** The reviver that turns a marked literal back into an {@link ExactNumber}. */
function keepMarked(this: unknown, _key: string, value: unknown): unknown {
  return typeof value === "string" ? (ExactNumber.fromMark(value) ?? value) : value;
}
