import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileWorkflow } from "../../src/language/compile/compile-workflow";
import { formatDocument } from "../../src/language/format/format-document";
import { renderMermaid } from "../../src/language/graph/graph-render";
import { workflowGraph } from "../../src/language/graph/workflow-graph";
import { parseDocument } from "../../src/language/parse";
import { LanguageWorkspace } from "../../src/language/workspace";
import { groupByCall } from "../../src/record/call-group-order";
import { useTempDir } from "../support/temp-dir";

const SOURCE = `workflow tag {
  param name: string
  step push { run: "echo push \${name}" }
}

workflow release {
  param part: string = "patch"
  step bump { run: "echo \${part}" }
  step tag { needs: [bump] run: workflow tag(name: "v") }
}

workflow ship {
  step test { run: "echo test" }
  step release { needs: [test] run: workflow release(part: "minor") }
  step announce { needs: [release] run: "echo \${steps.release.output}" }
}
`;

describe("workflow calls in the language", () => {
  const tmp = useTempDir("momoflow-call-");

  function checked(): ReturnType<LanguageWorkspace["check"]> {
    const path = join(tmp(), "ship.momoflow");
    writeFileSync(path, SOURCE);
    const check = new LanguageWorkspace().check(path);
    assert.deepEqual(
      check.diagnostics.map((d) => d.message),
      [],
    );
    return check;
  }

  it("parses `workflow NAME(args)` as a call marked as a workflow's, and keeps `workflow.name` a reference", () => {
    const text = `workflow w {\n  step a { run: workflow release(part: "x") }\n  step b { run: "echo \${workflow.name}" description: workflow.name }\n}\n`;
    const { file, diagnostics } = parseDocument(text, "/w.momoflow");
    assert.deepEqual(diagnostics, []);
    const [a, b] = file.workflows[0]!.steps;
    const run = a!.properties[0]!.value!;
    assert.equal(run.kind, "call");
    if (run.kind !== "call") return;
    assert.equal(run.callee.text, "release");
    assert.deepEqual(run.workflow, {
      start: { line: 1, character: 16 },
      end: { line: 1, character: 24 },
    });
    assert.deepEqual(run.range.start, { line: 1, character: 16 });
    assert.deepEqual(
      run.args.map((arg) => arg.name?.text),
      ["part"],
    );
    assert.equal(b!.properties[1]!.value!.kind, "ref");
  });

  it("formats a workflow call like a command call", () => {
    const result = formatDocument(
      `workflow w {\n  step a {\n    run:   workflow   c( x :1 )\n  }\n}\n`,
    );
    assert.deepEqual(result, {
      ok: true,
      text: `workflow w {\n  step a {\n    run: workflow c(x: 1)\n  }\n}\n`,
    });
  });

  it("compiles the called steps into the caller's definition, named by the calling step, nested calls too", () => {
    const definition = compileWorkflow(checked(), { workflow: "ship" });
    assert.deepEqual(
      definition.steps.map((s) => `${s.id} <- ${(s.needs ?? []).join(",")}`),
      [
        "test <- ",
        "release/bump <- test",
        "release/tag/push <- release/bump",
        "release/tag <- release/tag/push",
        "release <- release/bump,release/tag/push,release/tag",
        "announce <- release",
      ],
    );
    const calling = definition.steps.find((s) => s.id === "release")!;
    assert.equal(calling.reversible, false);
    assert.equal(calling.effectFree, true);
  });

  it("draws the called steps in the graph, between the calling step's needs and the calling step", () => {
    const check = checked();
    const ship = check.scope.workflows.get("ship")!;
    const graph = workflowGraph(ship.decl, ship.path, check.scope.commands, check.scope.workflows);
    assert.deepEqual(
      graph.edges.map((e) => `${e.from} -> ${e.to}`),
      [
        "test -> release/bump",
        "release/bump -> release/tag/push",
        "release/tag/push -> release/tag",
        "release/tag -> release",
        "release -> announce",
      ],
    );
    // Mermaid ids cannot hold `/`.
    assert.doesNotMatch(renderMermaid(graph), /s_release\//);
  });

  it("undoes a call's steps as one unit where its last step completed, nested calls the same way", () => {
    // Reverse order of completion, as the journal replay sorts it.
    const reverse = [
      "announce",
      "release",
      "release/b",
      "other",
      "release/t/p",
      "release/a",
      "test",
    ];
    assert.deepEqual(
      groupByCall(reverse, (id) => id),
      ["announce", "release", "release/b", "release/t/p", "release/a", "other", "test"],
    );
    const plain = ["c", "b", "a"];
    assert.deepEqual(
      groupByCall(plain, (id) => id),
      plain,
    );
  });
});
