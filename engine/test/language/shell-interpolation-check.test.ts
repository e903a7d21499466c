import "./esm-only-dependencies";
import assert from "node:assert/strict";
import type { Range, StringLiteral } from "../../src/language/ast";
import { CompileError } from "../../src/language/compile/compile-error";
import { shellScript } from "../../src/language/compile/evaluate";
import type { Diagnostic } from "../../src/language/diagnostic";
import { LanguageWorkspace } from "../../src/language/workspace";

function check(text: string): Diagnostic[] {
  const workspace = new LanguageWorkspace({
    readFile: (path) => (path === "/ws/main.momoflow" ? text : undefined),
  });
  return workspace.check("/ws/main.momoflow").diagnostics;
}

/** MF015 diagnostics as `line:character ${ref}` (zero-based), with the text they cover. */
function refused(text: string): string[] {
  const lines = text.split("\n");
  return check(text)
    .filter((d) => d.code === "MF015")
    .map((d) => {
      const { start, end } = d.range;
      assert.equal(start.line, end.line);
      return `${start.line}:${start.character} ${lines[start.line]!.slice(start.character, end.character)}`;
    });
}

function workflow(
  body: string,
  params = 'param name: string = "x"\n  param count: int = 2',
): string {
  return `workflow w {\n  ${params}\n${body}\n}\n`;
}

describe("checker: MF015, values where no quoting protects them", () => {
  it("reports each refused ${...} of a triple-quoted shell action on its own line", () => {
    const text = workflow(`  step s {
    run: """
      echo "\${name}" '\${name}'
      echo $(( \${count} * 2 )) $(( \${name} * 2 ))
      cat <<EOF
      \${name} $\${name}
      EOF
      echo \`\${name}\`
      """
  }`);
    assert.deepEqual(refused(text), ["6:35 ${name}", "8:15 ${name}", "10:12 ${name}"]);
  });

  it("says why, and what to write instead, as an error", () => {
    const [diagnostic] = check(
      workflow('  step s {\n    run: "echo \\"price: $${name}\\""\n  }'),
    ).filter((d) => d.code === "MF015");
    assert.equal(diagnostic?.code, "MF015");
    assert.equal(diagnostic.severity, "error");
    assert.match(
      diagnostic.message,
      /^"\$\{name\}" stands right after "\$".*; for a literal "\$" before it write \\\\\$\$\{name\}$/,
    );
  });

  it("checks sh(script:) written as a string like a shell action; a value given as the whole script is the script", () => {
    const text = workflow(`  step a {
    run: sh(script: "echo $(( 1 + \${name} )) \${name}")
  }
  step b {
    run: sh(script: name)
  }`);
    assert.deepEqual(refused(text), ["4:34 ${name}"]);
  });

  it("lets numbers into arithmetic: int, number, duration and size params and command parameters", () => {
    const text = workflow(
      `  step s {
    run: "echo $(( \${count} + \${ratio} + \${wait} + \${limit} )) && add(n: count)"
  }
  step t {
    run: add(n: count)
  }`,
      "param count: int = 2\n  param ratio: number = 1.5\n  param wait: duration = 5s\n  param limit: size = 1KB",
    );
    const withCommand = `command add(n: int, label: string = "x") {\n  run: "echo $(( \${n} + 1 )) $(( \${label} ))"\n}\n${text}`;
    assert.deepEqual(refused(withCommand), ["1:33 ${label}"]);
  });
});

describe("compiling a shell action: values known only at run time", () => {
  const at = (line: number, character: number, length: number): Range => ({
    start: { line, character },
    end: { line, character: character + length },
  });
  // `run: "echo $(( 1 + ${steps.a.output} ))"` as the parser gives it.
  const range = at(4, 24, 20);
  const literal: StringLiteral = {
    kind: "string",
    triple: false,
    range: at(4, 9, 40),
    parts: [
      { kind: "text", value: "echo $(( 1 + " },
      {
        kind: "interpolation",
        ref: {
          kind: "ref",
          segments: ["steps", "a", "output"].map((text) => ({ text, range })),
          range,
        },
        range,
      },
      { kind: "text", value: " ))" },
    ],
  };
  const scope = (value: unknown) => ({ path: "/ws/main.momoflow", lookup: () => value });

  it("refuses a value where no quoting protects it, at the interpolation's place", () => {
    assert.throws(
      () => shellScript(literal, scope("a[$(touch M)]")),
      (error: unknown) =>
        error instanceof CompileError &&
        error.range === range &&
        /^\/ws\/main\.momoflow:5:25: "\$\{steps\.a\.output\}" is inside shell arithmetic/.test(
          error.message,
        ),
    );
  });

  it("places a value that is a number there", () => {
    assert.equal(shellScript(literal, scope("41")), "echo $(( 1 + 41 ))");
  });
});
