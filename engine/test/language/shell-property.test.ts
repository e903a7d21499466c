import "./esm-only-dependencies";
import assert from "node:assert/strict";
import type { Diagnostic } from "../../src/language/diagnostic";
import { LanguageWorkspace } from "../../src/language/workspace";

function check(text: string): Diagnostic[] {
  const files: Record<string, string> = { "/ws/main.momoflow": text };
  const workspace = new LanguageWorkspace({ readFile: (path) => files[path] });
  return workspace.check("/ws/main.momoflow").diagnostics;
}

function errors(text: string): string[] {
  return check(text)
    .filter((d) => d.severity === "error")
    .map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character} ${d.message}`);
}

describe("the shell property", () => {
  it("accepts auto, bash and sh on a workflow and on a step", () => {
    for (const name of ["auto", "bash", "sh"]) {
      const source = `workflow w {\n  shell: "${name}"\n  step a {\n    shell: "${name}"\n    run: "true"\n  }\n}\n`;
      assert.deepEqual(errors(source), [], name);
    }
  });

  it("reports another name as MF007 on the value, with the allowed names", () => {
    const source =
      'workflow w {\n  shell: "zsh"\n  step a {\n    shell: "python3 {0}"\n    run: "true"\n  }\n}\n';
    assert.deepEqual(errors(source), [
      'MF007 1:9 "shell" must be "auto", "bash" or "sh", not "zsh"',
      'MF007 3:11 "shell" must be "auto", "bash" or "sh", not "python3 {0}"',
    ]);
  });

  it("must be a string", () => {
    const [message] = errors('workflow w {\n  step a {\n    shell: 3\n    run: "true"\n  }\n}\n');
    assert.match(message!, /^MF007 2:11 "shell" must be a string/);
  });

  it("may come from a param, and is read before any step has run", () => {
    const fromParam =
      'workflow w {\n  param sh: string = "sh"\n  shell: sh\n  step a { run: "true" }\n}\n';
    assert.deepEqual(errors(fromParam), []);
    const fromOutput =
      'workflow w {\n  step a { run: "echo sh" }\n  step b {\n    needs: a\n    shell: steps.a.output\n    run: "true"\n  }\n}\n';
    const [message] = errors(fromOutput);
    assert.match(message!, /shell are read before any step has run/);
  });

  it("checks sh(shell:) the same way", () => {
    const ok = 'workflow w {\n  step a { run: sh(script: "true", shell: "sh") }\n}\n';
    assert.deepEqual(errors(ok), []);
    const bad = 'workflow w {\n  step a { run: sh(script: "true", shell: "fish") }\n}\n';
    assert.deepEqual(errors(bad), [
      'MF007 1:42 argument "shell" of "sh" must be "auto", "bash" or "sh", not "fish"',
    ]);
  });
});
