import assert from "node:assert/strict";
import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { killedRecorded, runRecorded } from "../support/recorded-run";
import { journalEvents, latestResult } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";

/**
 * Each instance of `make` creates a file of its own and prints its name; its
 * rollback removes the file it names (`steps.make.output`, in its own
 * rollback the output of the instance being undone). Instance `broken`
 * creates its file and fails before it prints anything; `last` fails unless
 * `last_ok` is true.
 */
const WORKFLOW = `workflow made {
  param names: list = ["a", "b", "c"]
  param broken: string = "none"
  param last_ok: bool = false
  step make {
    for_each: name in names
    run: """
      touch made-\${name}.txt
      test \${name} != \${broken}
      echo made-\${name}.txt
      """
    rollback: "rm \${steps.make.output}"
  }
  step last {
    needs: make
    run: "\${last_ok} || exit 4"
    rollback: none
  }
}
`;

interface Undo {
  kind: string;
  command: string;
  args: Record<string, unknown>;
}

/** A fan-out step's rollback reading its own output: each instance is undone with the output it made. */
describe("momoflow: a fan-out step's rollback reads the output of the instance it undoes", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-fan-out-own-output-");

  const made = (workdir: string): string[] =>
    readdirSync(workdir)
      .filter((name) => name.startsWith("made-"))
      .sort();
  const statuses = (workdir: string): Record<string, string> =>
    Object.fromEntries(latestResult(workdir).steps.map((s) => [s.id, s.status]));
  const undoOf = (runDir: string, type: string, step: string): Undo | undefined =>
    journalEvents(runDir).find((e) => e.type === type && e.step === step)?.undo as Undo | undefined;

  it("the live rollback removes each instance's own file; the record holds each instance's resolved undo", async () => {
    const { workdir, runDir, out } = await runRecorded(tmp(), "made", WORKFLOW, 1);
    assert.equal(latestResult(workdir).status, "rolled_back", said(out));
    assert.deepEqual(made(workdir), [], "each instance's file was removed");
    assert.deepEqual(statuses(workdir), {
      make: "rolled_back",
      "make[0]": "rolled_back",
      "make[1]": "rolled_back",
      "make[2]": "rolled_back",
      last: "failed",
    });
    for (const [k, name] of ["a", "b", "c"].entries()) {
      const id = `make[${k}]`;
      // Intent before effect: the start says the undo waits for the output, the end gives it.
      assert.deepEqual(undoOf(runDir, "step_started", id), {
        kind: "after_output",
        command: "sh",
        args: {},
      });
      const finished = undoOf(runDir, "step_finished", id);
      assert.equal(finished?.kind, "run", id);
      assert.match(String(finished?.args.script), new RegExp(`^rm '?made-${name}\\.txt'?$`));
    }
  });

  it("momoflow rollback of a run that was not rolled back removes each instance's file, from the record alone", async () => {
    const { file, workdir, runDir } = await runRecorded(tmp(), "made", WORKFLOW, 1, [
      "--no-rollback",
    ]);
    assert.deepEqual(made(workdir), ["made-a.txt", "made-b.txt", "made-c.txt"]);
    // The workflow is gone: only the record can say which file each instance made.
    rmSync(file);
    const out = await runCli(["rollback", runDir], workdir);
    assert.equal(out.code, 0, said(out));
    assert.deepEqual(made(workdir), []);
    assert.equal(latestResult(workdir).status, "rolled_back");
    assert.equal(statuses(workdir)["make[2]"], "rolled_back");
  });

  it("momoflow rollback of a run killed after its last instance ended removes each instance's file", async () => {
    const { workdir, runDir } = await killedRecorded(
      tmp(),
      "made",
      WORKFLOW,
      '"step":"make[2]","status":"success"',
      ["--param", "last_ok=true"],
    );
    assert.deepEqual(made(workdir), ["made-a.txt", "made-b.txt", "made-c.txt"]);
    const out = await runCli(["rollback", runDir], workdir);
    assert.equal(out.code, 0, said(out));
    assert.deepEqual(made(workdir), []);
    assert.deepEqual(
      ["make[0]", "make[1]", "make[2]"].map((id) => statuses(workdir)[id]),
      ["rolled_back", "rolled_back", "rolled_back"],
    );
  });

  it("momoflow rollback runs a js() rollback of each instance with the output the record kept for it", async () => {
    writeFileSync(
      join(tmp(), "undo.mjs"),
      `import { rmSync } from "node:fs";
import { join } from "node:path";
export function undo(args, context) {
  rmSync(join(context.workingDirectory, args.path));
}
`,
    );
    const { workdir, runDir } = await runRecorded(
      tmp(),
      "coded",
      `workflow coded {
  step make {
    for_each: name in ["a", "b"]
    run: "touch made-\${name}.txt && echo made-\${name}.txt"
    rollback: js("./undo.mjs", "undo", path: steps.make.output)
  }
  step last {
    needs: make
    run: "exit 4"
    rollback: none
  }
}
`,
      1,
      ["--no-rollback"],
    );
    assert.deepEqual(made(workdir), ["made-a.txt", "made-b.txt"]);
    // Its undo is code: the workflow the record names runs it, with each instance's recorded output.
    assert.equal(undoOf(runDir, "step_finished", "make[1]")?.kind, "code");
    const out = await runCli(["rollback", runDir], workdir);
    assert.equal(out.code, 0, said(out));
    assert.deepEqual(made(workdir), []);
  });

  it("reads a field of an instance's JSON output, also in a called workflow (release/make[0])", async () => {
    const { workdir, out } = await runRecorded(
      tmp(),
      "called",
      `workflow inner {
  param names: list = ["a", "b"]
  step make {
    for_each: name in names
    run: "touch made-\${name}.txt && echo '{\\"path\\": \\"made-\${name}.txt\\"}'"
    output: json
    rollback: delete_path(path: steps.make.output.path)
  }
}
workflow outer {
  step release {
    run: workflow inner()
  }
  step last {
    needs: release
    run: "exit 4"
    rollback: none
  }
}
`,
      1,
      ["--workflow", "outer"],
    );
    assert.equal(latestResult(workdir).status, "rolled_back", said(out));
    assert.deepEqual(
      ["release/make[0]", "release/make[1]"].map((id) => statuses(workdir)[id]),
      ["rolled_back", "rolled_back"],
    );
    assert.deepEqual(made(workdir), []);
  });

  it("an instance that failed before its output ends rollback_failed, saying why, and the others are undone", async () => {
    const { workdir, out } = await runRecorded(tmp(), "made", WORKFLOW, 1, ["--param", "broken=b"]);
    const result = latestResult(workdir);
    assert.equal(result.status, "partially_rolled_back", said(out));
    const broken = result.steps.find((s) => s.id === "make[1]");
    assert.equal(broken?.status, "rollback_failed");
    assert.match(
      broken?.error ?? "",
      /its rollback reads its own output \(steps\.make\.output\), which was never recorded/,
    );
    assert.equal(statuses(workdir)["make[0]"], "rolled_back");
    assert.deepEqual(made(workdir), ["made-b.txt"], "nothing was guessed for make[1]");
  });

  it("momoflow rollback of a run killed as an instance started undoes the ones that ended, and says why it cannot undo that one", async () => {
    const { workdir, runDir } = await killedRecorded(
      tmp(),
      "made",
      WORKFLOW,
      '"step":"make[2]","attempt":1',
    );
    assert.ok(existsSync(join(workdir, "made-b.txt")));
    const out = await runCli(["rollback", runDir], workdir);
    assert.equal(out.code, 1, said(out));
    assert.match(
      said(out),
      /its rollback reads its own output \(steps\.make\.output\), which was never recorded/,
    );
    assert.equal(latestResult(workdir).status, "partially_rolled_back");
    assert.deepEqual(
      ["make[0]", "make[1]", "make[2]"].map((id) => statuses(workdir)[id]),
      ["rolled_back", "rolled_back", "rollback_failed"],
    );
    assert.deepEqual(made(workdir), []);
  });
});
