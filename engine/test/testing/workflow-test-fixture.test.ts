import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import {
  FIXTURE_DIR_PREFIX,
  TestWorkflowStep,
  WorkflowTestCase,
  WorkflowTestFixture,
} from "../../src/testing";

describe("WorkflowTestFixture", () => {
  let fixture: WorkflowTestFixture;
  beforeEach(() => {
    fixture = new WorkflowTestFixture();
  });
  afterEach(() => fixture.cleanup());

  it("creates a fresh folder under the OS temp folder", () => {
    assert.equal(dirname(fixture.dir), tmpdir());
    assert.ok(basename(fixture.dir).startsWith(FIXTURE_DIR_PREFIX));
    assert.ok(existsSync(fixture.dir));
    const other = new WorkflowTestFixture();
    try {
      assert.notEqual(other.dir, fixture.dir);
    } finally {
      other.cleanup();
    }
  });

  it("creates contexts in its folder with the given variables", () => {
    const context = fixture.createContext({ region: "eu", replicas: 3 });
    assert.equal(context.workingDirectory, fixture.dir);
    assert.equal(context.get("region"), "eu");
    assert.equal(context.get<number>("replicas"), 3);
    assert.deepEqual(fixture.createContext().getVariables(), {});
  });

  it("passes context options such as the signal through", () => {
    const controller = new AbortController();
    const context = fixture.createContext({}, { signal: controller.signal });
    controller.abort();
    assert.ok(context.signal.aborted);
  });

  it("resolves, writes, reads and checks files in its folder", () => {
    assert.equal(fixture.path("a", "b.txt"), join(fixture.dir, "a", "b.txt"));
    assert.equal(fixture.path(), fixture.dir);
    assert.equal(fixture.path("/etc/hosts"), "/etc/hosts");
    assert.equal(fixture.exists("nested/dir/file.txt"), false);
    const written = fixture.writeFile("nested/dir/file.txt", "hello\n");
    assert.equal(written, join(fixture.dir, "nested", "dir", "file.txt"));
    assert.equal(fixture.exists("nested/dir/file.txt"), true);
    assert.equal(fixture.readFile("nested/dir/file.txt"), "hello\n");
  });

  it("cleans up everything, and a second cleanup is harmless", () => {
    fixture.writeFile("deep/er/file.txt", "x");
    fixture.cleanup();
    assert.equal(existsSync(fixture.dir), false);
    assert.doesNotThrow(() => fixture.cleanup());
  });

  it("cleans up at the end of a `using` block", () => {
    let dir: string;
    {
      using scoped = new WorkflowTestFixture();
      dir = scoped.dir;
      scoped.writeFile("f.txt", "x");
      assert.ok(existsSync(dir));
    }
    assert.equal(existsSync(dir), false);
  });

  it("builds definitions and runs them with the run record in its folder", async () => {
    const definition = fixture.createWorkflow([new TestWorkflowStep("only", { output: 42 })]);
    assert.equal(definition.id, "test_workflow");
    assert.equal(definition.name, "Test workflow: test_workflow");
    const result = await fixture.execute(definition);
    new WorkflowTestCase(fixture).assertWorkflowSuccess(result);
    assert.equal(result.stepResults[0]!.output, 42);
    assert.ok(
      result.runDir?.startsWith(fixture.dir),
      `run record ${result.runDir} is outside the fixture`,
    );
    const record = JSON.parse(readFileSync(join(result.runDir!, "result.json"), "utf8"));
    assert.equal(record.status, "success");
  });

  it("runs in a context of the caller's choosing", async () => {
    const definition = fixture.createWorkflow(
      [new TestWorkflowStep("gate", { when: (c) => c.get("go") === true })],
      { id: "gated", concurrency: 2 },
    );
    assert.equal(definition.concurrency, 2);
    const result = await fixture.execute(definition, {
      context: fixture.createContext({ go: false }),
      journal: false,
    });
    assert.equal(result.stepResults[0]!.status, "skipped");
    assert.equal(result.runDir, undefined);
    assert.equal(fixture.exists(".momoflow"), false);
  });

  it("takes a context as its second argument, as engine.executeWorkflow does, options third", async () => {
    const definition = fixture.createWorkflow([
      new TestWorkflowStep("gate", { when: (c) => c.getVariable("go") === true }),
    ]);
    const context = fixture.createContext({ go: true });
    const ran = await fixture.execute(definition, context);
    assert.equal(ran.stepResults[0]!.status, "success", "the context's variables were used");
    const skipped = await fixture.execute(definition, fixture.createContext({ go: false }), {
      journal: false,
    });
    assert.equal(skipped.stepResults[0]!.status, "skipped");
    assert.equal(skipped.runDir, undefined, "the options are used too");
  });
});
