import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileWorkflow } from "../../src/language/compile/compile-workflow";
import { LanguageWorkspace } from "../../src/language/workspace";
import { readJournal } from "../../src/record/journal-reader";
import { JournalReplay } from "../../src/record/journal-replay";
import { buildResultFile, streamedResultFileBytes } from "../../src/record/result-builder";
import { resultFileBytes } from "../../src/record/result-file-bytes";
import { runRecordPaths } from "../../src/record/run-paths";
import { WorkflowContext } from "../../src/runtime/context";
import { WorkflowEngine } from "../../src/runtime/engine";
import { processWarm } from "../../src/runtime/process-warmth";
import type { WorkflowResult } from "../../src/runtime/result";
import { useTempDir } from "../support/temp-dir";

/** Over 200 steps (a large run's file is compact and encoded by hand), of every kind a file's step can be. */
const SOURCE = `
workflow many {
  param items: list = [${Array.from({ length: 220 }, (_, i) => `"i${i}"`).join(", ")}]
  step first { run: "echo '{\\"n\\": 3}'" output: json rollback: none }
  step each {
    needs: first
    for_each: item in items
    run: log(message: "item \${item}")
  }
  step never { needs: each when: steps.first.output.n > 5 run: "echo no" rollback: none }
  step last { needs: [each, never] run: "echo done" rollback: none }
}
`;

describe("result.json made a step at a time (a large run that ended without an error)", () => {
  const tmp = useTempDir("momoflow-streamed-result-");

  async function run(): Promise<WorkflowResult> {
    const path = join(tmp(), "many.momoflow");
    writeFileSync(path, SOURCE);
    const definition = compileWorkflow(new LanguageWorkspace().check(path));
    return new WorkflowEngine().executeWorkflow(
      definition,
      new WorkflowContext({ workingDirectory: tmp(), env: {} }),
    );
  }

  it("is byte for byte the file built with its list of steps, and the file the run wrote", async () => {
    // Made so only in a warm process (see process-warmth.ts): a first run makes it warm.
    if (!processWarm()) await run();
    const result = await run();
    assert.equal(result.status, "success");
    const runDir = result.runDir!;
    const replay = JournalReplay.of(readJournal(runRecordPaths(runDir).journal).events);
    const outcome = { status: result.status, metrics: result.metrics };
    const hasLog = (log: string): boolean => existsSync(join(runDir, log));
    const streamed = streamedResultFileBytes(replay, outcome, hasLog, undefined);
    assert.ok(streamed, "made a step at a time");
    const built = resultFileBytes(buildResultFile(replay, outcome, hasLog));
    assert.equal(streamed.toString("utf8"), built.toString("utf8"));
    const written = readFileSync(runRecordPaths(runDir).result, "utf8");
    assert.equal(written, built.toString("utf8"));
    // What it holds: instances, a skipped step with its reason, logs, the success rate without the fan-out row.
    const file = JSON.parse(written) as {
      successRate: number;
      steps: { id: string; status: string; log?: string; instanceOf?: string; reason?: string }[];
    };
    assert.equal(file.steps.length, 224);
    assert.equal(file.steps.filter((s) => s.instanceOf === "each").length, 220);
    assert.equal(file.steps.find((s) => s.id === "never")!.status, "skipped");
    assert.match(file.steps.find((s) => s.id === "never")!.reason ?? "", /is false/);
    assert.ok(file.steps.find((s) => s.id === "each[7]")!.log);
    assert.equal(file.successRate, result.successRate);
  });

  it("is not made so for a run that ended with an error: its timeout reasons need every step", () => {
    const replay = JournalReplay.of([]);
    const outcome = {
      status: "failed" as const,
      error: "boom",
      metrics: {
        startTime: 0,
        endTime: 0,
        durationMs: 0,
        cpuUserMs: 0,
        cpuSystemMs: 0,
        peakMemoryBytes: 0,
      },
    };
    assert.equal(
      streamedResultFileBytes(replay, outcome, () => false, undefined),
      undefined,
    );
  });
});
