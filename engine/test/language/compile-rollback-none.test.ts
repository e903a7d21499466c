import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileWorkflow } from "../../src/language/compile/compile-workflow";
import { workflowGraph } from "../../src/language/graph/workflow-graph";
import { renderDot, renderMermaid } from "../../src/language/graph/graph-render";
import { LanguageWorkspace } from "../../src/language/workspace";
import { WorkflowContext } from "../../src/runtime/context";
import type { WorkflowDefinition } from "../../src/runtime/definition";
import { WorkflowEngine } from "../../src/runtime/engine";
import type { WorkflowStep } from "../../src/runtime/step";
import { useTempDir } from "../support/temp-dir";

/**
 * `rollback: none` through the compiler: the compiled step is effect-free and
 * not reversible, its undo is none (not a built-in's automatic one), and a
 * rollback of the run leaves its effects in place.
 */
const SOURCE = `
command probe(url: string) {
  run: "echo probing \${url}"
  rollback: none
}

command quiet(message: string) {
  run: log(message: message)
}

workflow w {
  param none: bool = false
  step query { run: "echo 1.2.3" rollback: none }
  step probe_it { needs: query run: probe(url: "http://x") }
  step keep { needs: probe_it run: create_file(path: "kept.txt", content: "k") rollback: none }
  step write { needs: keep run: create_file(path: "written.txt", content: "w") }
  step say { needs: write when: none == false run: log(message: "hi") }
  step wrapped { needs: say run: quiet(message: "hi") }
  step shout { needs: wrapped run: "echo loud" }
  step undone { needs: shout run: log(message: "x") rollback: "echo undo" }
  step boom { needs: undone run: fail(message: "stop here") }
}
`;

describe("compiling rollback: none", () => {
  const tmp = useTempDir("momoflow-none-");

  function compile(): WorkflowDefinition {
    const path = join(tmp(), "w.momoflow");
    writeFileSync(path, SOURCE);
    const check = new LanguageWorkspace().check(path);
    // `shout` is irreversible before `undone`: MF011, the one diagnostic.
    assert.deepEqual(
      check.diagnostics.map((d) => `${d.code} ${d.range.start.line}`),
      ["MF011 18"],
    );
    return compileWorkflow(check);
  }

  function stepsOf(definition: WorkflowDefinition): Map<string, WorkflowStep> {
    return new Map(definition.steps.map((s) => [s.id, s]));
  }

  it("makes the step effect-free and not reversible, directly or through a command", () => {
    const steps = stepsOf(compile());
    const shape = (id: string) => {
      const step = steps.get(id)!;
      return { reversible: step.reversible, effectFree: step.effectFree ?? false };
    };
    const nothing = { reversible: false, effectFree: true };
    assert.deepEqual(shape("query"), nothing);
    assert.deepEqual(shape("probe_it"), nothing, "a command declared with rollback: none");
    assert.deepEqual(shape("keep"), nothing, "rollback: none replaces create_file's undo");
    assert.deepEqual(shape("say"), nothing, "log changes nothing");
    assert.deepEqual(shape("wrapped"), nothing, "a command whose run is log");
    assert.deepEqual(shape("boom"), nothing, "fail changes nothing");
    assert.deepEqual(shape("write"), { reversible: true, effectFree: false });
    assert.deepEqual(shape("shout"), { reversible: false, effectFree: false });
    assert.deepEqual(
      shape("undone"),
      { reversible: true, effectFree: false },
      "an explicit rollback",
    );
  });

  it("gives the step no undo, and a failed run's rollback leaves its effects in place", async () => {
    const definition = compile();
    const context = new WorkflowContext({ workingDirectory: tmp() });
    const result = await new WorkflowEngine().executeWorkflow(definition, context);
    assert.equal(result.stepResults.find((s) => s.stepId === "boom")?.status, "failed");
    assert.deepEqual(result.rolledBackSteps, ["undone", "write"], "only the reversible steps");
    assert.equal(existsSync(join(tmp(), "kept.txt")), true, "rollback: none: not undone");
    assert.equal(existsSync(join(tmp(), "written.txt")), false, "create_file's undo ran");
    assert.equal(stepsOf(definition).get("keep")!.undoRecipe?.(context), undefined);
  });

  it("draws effect-free steps in the graph as neither reversible nor irreversible", () => {
    const path = join(tmp(), "w.momoflow");
    writeFileSync(path, SOURCE);
    const check = new LanguageWorkspace().check(path);
    const decl = check.document.file.workflows[0]!;
    const graph = workflowGraph(decl, path, check.scope.commands);
    const node = (id: string) => graph.nodes.find((n) => n.id === id)!;
    assert.equal(node("query").effectFree, true);
    assert.equal(node("query").reversible, false);
    assert.equal(node("write").effectFree, undefined);
    assert.match(renderDot(graph), /"shout" \[label="shout", peripheries=2\]/);
    assert.doesNotMatch(renderDot(graph), /"query" \[[^\]]*peripheries/);
    assert.match(renderMermaid(graph), /class s_shout irreversible\n/);
  });
});
