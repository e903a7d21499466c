import Ajv from "ajv";
import assert from "node:assert/strict";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  CommandStep,
  readJournal,
  readLatestRunId,
  rollbackRun,
  runRecordPaths,
  runsDirOf,
  WorkflowContext,
  WorkflowDefinition,
  WorkflowEngine,
  type JournalEvent,
} from "../../src/index";
import { FileStep } from "../support/recording-step";
import { useTempDir } from "../support/temp-dir";
import journalSchema from "../../../schemas/run-journal-event.schema.json";
import resultSchema from "../../../schemas/run-result.schema.json";

function validators() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema(journalSchema);
  return { event: ajv.compile(journalSchema), result: ajv.compile(resultSchema) };
}

function definition(failAt?: string): WorkflowDefinition {
  return new WorkflowDefinition({
    id: "three",
    steps: [
      new FileStep("a"),
      new FileStep("b", false, ["a"]),
      new FileStep("c", failAt === "c", ["b"]),
    ],
  });
}

describe("run record", () => {
  const tmp = useTempDir();

  it("journals the intent before the outcome, validates against the schema, and names the latest run", async () => {
    const result = await new WorkflowEngine().executeWorkflow(
      definition(),
      new WorkflowContext({ workingDirectory: tmp() }),
    );
    assert.equal(result.status, "success");
    assert.ok(result.runDir);
    const lines = readFileSync(runRecordPaths(result.runDir).journal, "utf8").trim().split("\n");
    const { event, result: resultValidator } = validators();
    for (const line of lines) assert.ok(event(JSON.parse(line)), JSON.stringify(event.errors));
    const types = lines.map((l) => {
      const e = JSON.parse(l) as JournalEvent;
      return e.type === "run_started" || e.type === "run_finished"
        ? e.type
        : `${e.type}:${(e as { step: string }).step}`;
    });
    assert.deepEqual(types, [
      "run_started",
      "step_started:a",
      "step_finished:a",
      "step_started:b",
      "step_finished:b",
      "step_started:c",
      "step_finished:c",
      "run_finished",
    ]);
    const file = JSON.parse(readFileSync(runRecordPaths(result.runDir).result, "utf8"));
    assert.ok(resultValidator(file), JSON.stringify(resultValidator.errors));
    assert.equal(file.status, "success");
    assert.equal(readLatestRunId(runsDirOf(tmp())), result.runId);
  });

  it("rolls back a finished run from its record, in reverse order, and never twice", async () => {
    const def = definition();
    const result = await new WorkflowEngine().executeWorkflow(
      def,
      new WorkflowContext({ workingDirectory: tmp() }),
    );
    const first = await rollbackRun(result.runDir!, { definition: def });
    assert.deepEqual(first.rolledBack, ["c", "b", "a"]);
    assert.equal(first.status, "rolled_back");
    assert.equal(readFileSync(join(tmp(), "undo.log"), "utf8"), "c\nb\na\n");
    for (const id of ["a", "b", "c"]) assert.equal(existsSync(join(tmp(), `${id}.txt`)), false);

    const second = await rollbackRun(result.runDir!, { definition: def });
    assert.deepEqual(second.rolledBack, []);
    assert.deepEqual(second.alreadyUndone.sort(), ["a", "b", "c"]);
    assert.equal(readFileSync(join(tmp(), "undo.log"), "utf8"), "c\nb\na\n");
    const file = JSON.parse(readFileSync(runRecordPaths(result.runDir!).result, "utf8"));
    assert.equal(file.status, "rolled_back");
    assert.deepEqual(
      file.steps.map((s: { status: string }) => s.status),
      ["rolled_back", "rolled_back", "rolled_back"],
    );
  });

  it("says clearly that a step's undo needs its module when the record cannot hold it", async () => {
    const result = await new WorkflowEngine().executeWorkflow(
      definition(),
      new WorkflowContext({ workingDirectory: tmp() }),
    );
    const report = await rollbackRun(result.runDir!);
    assert.deepEqual(report.rolledBack, []);
    assert.equal(report.failed.length, 3);
    assert.match(report.failed[0]!.error, /code in the workflow module/);
    assert.equal(report.status, "partially_rolled_back");
  });

  it("reports broken and truncated journal lines and still undoes what the intact lines record", async () => {
    for (const id of ["a", "b", "c"]) writeFileSync(join(tmp(), `${id}.txt`), `old ${id}`);
    const def = new WorkflowDefinition({
      id: "files",
      steps: ["a", "b", "c"].map(
        (id) => new CommandStep(id, "create_file", { path: `${id}.txt`, content: `new ${id}` }),
      ),
    });
    const result = await new WorkflowEngine().executeWorkflow(
      def,
      new WorkflowContext({ workingDirectory: tmp() }),
    );
    assert.equal(result.status, "success");
    const journal = runRecordPaths(result.runDir!).journal;
    const lines = readFileSync(journal, "utf8").trim().split("\n");
    // Damage the middle (step b's outcome) and cut a last line short, as a crash would.
    const bFinished = lines.findIndex(
      (l) => l.includes('"step_finished"') && l.includes('"step":"b"'),
    );
    lines[bFinished] = "{not json";
    writeFileSync(journal, lines.join("\n") + "\n");
    appendFileSync(journal, '{"type":"step_rolled_back","time":1,"st');

    const contents = readJournal(journal);
    assert.deepEqual(
      contents.problems.map((p) => p.line),
      [bFinished + 1, lines.length + 1],
    );
    assert.match(
      contents.problems[0]!.message,
      new RegExp(`line ${bFinished + 1} is not valid JSON`),
    );
    assert.match(contents.problems[1]!.message, /is truncated/);

    const report = await rollbackRun(result.runDir!);
    assert.equal(report.problems.length, 2);
    assert.deepEqual(report.failed, []);
    // b's outcome is lost, but its intent and the rollback data it recorded before writing are
    // intact: it is undone as an interrupted step, first.
    assert.deepEqual(report.rolledBack, ["b", "c", "a"]);
    for (const id of ["a", "b", "c"])
      assert.equal(readFileSync(join(tmp(), `${id}.txt`), "utf8"), `old ${id}`);
  });

  it("refuses a journal without its first line, saying which file", () => {
    const path = join(tmp(), "journal.jsonl");
    writeFileSync(path, '{"type":"step_started","time":1,"step":"a","attempt":1}\n');
    assert.throws(
      () => readJournal(path),
      new RegExp(
        `run journal ${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} has no run_started event`,
      ),
    );
  });
});
