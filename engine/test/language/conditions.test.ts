import "./esm-only-dependencies";
import assert from "node:assert/strict";
import type { Expression } from "../../src/language/ast";
import { formatDocument } from "../../src/language/format/format-document";
import { parseDocument } from "../../src/language/parse";

/** A `when` written in a one-step workflow, with the step after it. */
function withCondition(condition: string): string {
  return `workflow w {\n  step s {\n    when: ${condition}\n    run: "x"\n  }\n  step t {\n    run: "y"\n  }\n}\n`;
}

function conditionOf(text: string): Expression | undefined {
  const { file } = parseDocument(text, "/w.momoflow");
  return file.workflows[0]!.steps[0]!.properties.find((p) => p.name.text === "when")?.value;
}

/** An expression as a fully parenthesised string: the grouping the parser chose. */
function shape(expr: Expression | undefined): string {
  if (!expr) return "?";
  switch (expr.kind) {
    case "binary":
      return `(${shape(expr.left)} ${expr.operator} ${shape(expr.right)})`;
    case "not":
      return `!${shape(expr.operand)}`;
    case "ref":
      return expr.segments
        .map((s, i) => (s.index !== undefined || i === 0 ? s.text : `.${s.text}`))
        .join("");
    case "number":
    case "bool":
      return String(expr.value);
    case "string":
      return JSON.stringify(expr.parts.map((p) => (p.kind === "text" ? p.value : "")).join(""));
    case "call":
      return `${expr.callee.text}(${expr.args.map((a) => shape(a.value)).join(", ")})`;
    default:
      return expr.kind;
  }
}

describe("conditions: grammar", () => {
  it("groups by precedence as C and JavaScript do: ! > comparisons > && > ||", () => {
    const cases: [string, string][] = [
      ["a || b && c", "(a || (b && c))"],
      ["a && b || c", "((a && b) || c)"],
      ["!a == b", "(!a == b)"],
      ["a == 1 && b < 2 || !c", "(((a == 1) && (b < 2)) || !c)"],
      ["!(a || b) && c >= 3", "(!(a || b) && (c >= 3))"],
      ["a && b && c", "((a && b) && c)"],
      ['contains(xs, "a") || n > 2', '(contains(xs, "a") || (n > 2))'],
      ["steps.x.output.sites[0].mean <= 3", "(steps.x.output.sites[0].mean <= 3)"],
      ["steps.x.status == failed", "(steps.x.status == failed)"],
    ];
    for (const [text, expected] of cases) {
      const source = withCondition(text);
      assert.deepEqual(parseDocument(source, "/w.momoflow").diagnostics, [], text);
      assert.equal(shape(conditionOf(source)), expected, text);
    }
  });

  it("an index is a segment of its reference, with its number", () => {
    const expr = conditionOf(withCondition("steps.s.output.rows[12].name == 1"));
    assert.equal(expr?.kind, "binary");
    const left = (expr as Extract<Expression, { kind: "binary" }>).left;
    assert.equal(left.kind, "ref");
    const segments = (left as Extract<Expression, { kind: "ref" }>).segments;
    assert.deepEqual(
      segments.map((s) => [s.text, s.index]),
      [
        ["steps", undefined],
        ["s", undefined],
        ["output", undefined],
        ["rows", undefined],
        ["[12]", 12],
        ["name", undefined],
      ],
    );
  });

  it("a broken condition is reported where it is, and the rest of the file still parses", () => {
    const broken = [
      ["a && (b", "expected `)` to close"],
      ["a ||", "expected a value after `||`"],
      ["!", "expected a condition after `!`"],
      ["a < b < c", "a condition compares two values"],
      ["rows[x] == 1", "expected an index"],
    ];
    for (const [condition, message] of broken) {
      const { file, diagnostics } = parseDocument(withCondition(condition!), "/w.momoflow");
      assert.ok(
        diagnostics.some((d) => d.code === "MF001" && d.message.includes(message!)),
        `${condition}: ${diagnostics.map((d) => d.message).join("; ")}`,
      );
      const steps = file.workflows[0]!.steps;
      assert.deepEqual(
        steps.map((s) => s.name.text),
        ["s", "t"],
        condition,
      );
      assert.ok(
        steps[0]!.properties.some((p) => p.name.text === "run"),
        `${condition}: the run after it was read`,
      );
    }
  });

  it("momoflow fmt prints conditions canonically, and again the same", () => {
    const messy = withCondition(
      '!( a<=1 )&&steps.s.output.rows[0] [1].v>=2||contains( [1,2] ,"x")',
    );
    const once = formatDocument(messy);
    assert.ok(once.ok);
    assert.match(
      once.text,
      /when: !\(a <= 1\) && steps\.s\.output\.rows\[0\]\[1\]\.v >= 2 \|\| contains\(\[1, 2\], "x"\)/,
    );
    const twice = formatDocument(once.text);
    assert.ok(twice.ok);
    assert.equal(twice.text, once.text);
  });
});
