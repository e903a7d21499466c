import "./esm-only-dependencies";
import assert from "node:assert/strict";
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
