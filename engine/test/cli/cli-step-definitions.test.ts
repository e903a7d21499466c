import assert from "node:assert/strict";
import Ajv from "ajv";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LanguageWorkspace, stepDefinitionDigests } from "../../src/language";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";
import journalSchema from "../../../schemas/run-journal-event.schema.json";
import resultSchema from "../../../schemas/run-result.schema.json";

/** A command of an imported file, called by the first step; the second fails. */
const LIB = ["command stamp(text: string) {", '  run: "echo ${text} > stamp.txt"', "}", ""];
const MAIN = [
  'import "./lib/stamps.momoflow"',
  "",
  "workflow stamped {",
  '  param greeting: string = "hi"',
  "  step write {",
  "    run: stamp(text: greeting)",
  '    rollback: "rm stamp.txt"',
  "  }",
  "  step fail {",
  "    needs: write",
  '    run: "exit 3"',
  "  }",
  "}",
  "",
];

/** The run's record: its first journal line and result.json. */
function record(runDir: string): {
  started: Record<string, unknown>;
  result: Record<string, unknown>;
} {
  const journal = readFileSync(join(runDir, "journal.jsonl"), "utf8");
  return {
    started: JSON.parse(journal.slice(0, journal.indexOf("\n"))),
    result: JSON.parse(readFileSync(join(runDir, "result.json"), "utf8")),
  };
}

describe("momoflow run records what each step runs as written (stepDefinitions; the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-step-definitions-");

  it("in run_started and result.json, valid against the schemas, kept when momoflow rollback rewrites the result", async () => {
    mkdirSync(join(tmp(), "lib"));
    writeFileSync(join(tmp(), "lib", "stamps.momoflow"), LIB.join("\n"));
    writeFileSync(join(tmp(), "main.momoflow"), MAIN.join("\n"));
    const out = await runCli(["run", "main.momoflow", "--no-rollback", "--json"], tmp());
    assert.equal(out.code, 1, out.stderr);
    const printed = JSON.parse(out.stdout) as { runDir: string; stepDefinitions?: unknown };
    const runDir = printed.runDir;
    const { started, result } = record(runDir);
    assert.deepEqual(
      printed.stepDefinitions,
      result.stepDefinitions,
      "--json names them as result.json",
    );
    // The language's own digests of the file as it is: what an editor compares with.
    const workspace = new LanguageWorkspace();
    const expected = stepDefinitionDigests(join(tmp(), "main.momoflow"), "stamped", (path) =>
      workspace.parse(path),
    );
    assert.deepEqual(Object.keys(expected!), ["write", "fail"]);
    assert.deepEqual(started.stepDefinitions, expected);
    assert.deepEqual(result.stepDefinitions, expected);
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(journalSchema);
    const validate = ajv.compile(resultSchema);
    assert.ok(validate(result), ajv.errorsText(validate.errors));
    const validateEvent = ajv.getSchema("https://momoflow.dev/schemas/run-journal-event.v1.json")!;
    assert.ok(validateEvent(started), ajv.errorsText(validateEvent.errors));

    const rollback = await runCli(["rollback", runDir], tmp());
    assert.equal(rollback.code, 0, rollback.stderr);
    const after = record(runDir).result;
    assert.equal(after.status, "rolled_back");
    assert.deepEqual(after.stepDefinitions, expected);
  });
});
