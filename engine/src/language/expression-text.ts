import { referenceText, type Expression, type StringLiteral } from "./ast";

/**
 * A value written back as `.momoflow` text, on one line: what a `when`
 * condition says, for `momoflow graph`. Written from the syntax tree, not
 * cut from the file, so a condition spread over lines or holding a comment
 * reads the same: one space around each operator, parentheses only where the
 * grouping needs them (`!` binds tightest, then the comparisons, then `&&`,
 * then `||`; language.md, Conditions), strings with the escapes the language
 * reads back (`\"`, `\\`, `\n`, `\t`, `\$`).
 */
export function expressionText(expr: Expression | undefined): string {
  return written(expr, 0);
}

/** How tightly each kind of expression binds: a part binding less than its place needs is parenthesised. */
const OR = 1;
const AND = 2;
const COMPARISON = 3;
const UNARY = 4;

function precedence(expr: Expression): number {
  if (expr.kind === "binary") {
    return expr.operator === "||" ? OR : expr.operator === "&&" ? AND : COMPARISON;
  }
  return UNARY;
}

/** `expr` in a place that needs at least `needed`; a missing part (an error already) is `…`. */
function written(expr: Expression | undefined, needed: number): string {
  if (!expr) return "…";
  const text = bare(expr);
  return precedence(expr) < needed ? `(${text})` : text;
}

function bare(expr: Expression): string {
  switch (expr.kind) {
    case "binary": {
      const own = precedence(expr);
      // `&&` and `||` group from the left (`a || b || c` is `(a || b) || c`), so
      // a right side of the same operator was parenthesised as written; a
      // comparison's operands are never comparisons.
      const left = written(expr.left, own === COMPARISON ? UNARY : own);
      return `${left} ${expr.operator} ${written(expr.right, own + 1)}`;
    }
    case "not":
      return `!${written(expr.operand, UNARY)}`;
    case "string":
      return stringText(expr);
    case "number":
      return String(expr.value);
    case "duration":
    case "size":
      return expr.text;
    case "bool":
      return String(expr.value);
    case "none":
      return "none";
    case "ref":
      return referenceText(expr);
    case "list":
      return `[${expr.items.map((item) => written(item, 0)).join(", ")}]`;
    case "map":
      return `{ ${expr.entries
        .map(
          (e) =>
            `${/^[A-Za-z_][A-Za-z0-9_]*$/.test(e.key.text) ? e.key.text : quoted(e.key.text)}: ${written(e.value, 0)}`,
        )
        .join(", ")} }`;
    case "call": {
      const args = expr.args.map((a) => (a.name ? `${a.name.text}: ` : "") + written(a.value, 0));
      return `${expr.workflow ? "workflow " : ""}${expr.callee.text}(${args.join(", ")})`;
    }
  }
}

/** A string on one line, its interpolations as written: `"v${version}"`. */
function stringText(expr: StringLiteral): string {
  const inside = expr.parts
    .map((part) => {
      if (part.kind === "text") return escaped(part.value);
      const ref = part.ref ? referenceText(part.ref) : "…";
      return "${" + (part.function ? `${part.function.text}(${ref})` : ref) + "}";
    })
    .join("");
  return `"${inside}"`;
}

function quoted(text: string): string {
  return `"${escaped(text)}"`;
}

/** Text as a `"..."` string holds it: every character the language would read otherwise escaped. */
function escaped(text: string): string {
  return text.replace(/[\\"\n\t]|\$(?=\{)/g, (c) =>
    c === "\n" ? "\\n" : c === "\t" ? "\\t" : `\\${c}`,
  );
}
