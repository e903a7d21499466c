import assert from "node:assert/strict";
import Ajv from "ajv";
import { rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ENGINE_URL, runCli, startCli, waitFor, type CliOutcome } from "../support/cli-process";
import { said } from "../support/cli-said";
import { journalEvents, runDirOf } from "../support/run-record-files";
import journalSchema from "../../../schemas/run-journal-event.schema.json";
import { opsLogLines } from "../support/ops-log";
import { useTempDir } from "../support/temp-dir";
import { TERMINAL_CLOCK } from "../support/terminal-clock";
import { writeWorkflow } from "../support/workflow-files";

/**
 * An undo that notes it started in ops.log, then, when the file `block`
 * exists, waits for good: the test stops the rollback while it waits,
 * removes `block`, and rolls back again (which stops what the shell undo
 * left running first).
 */
const BLOCKING_SHELL_UNDO = `"echo undo-mk >> ops.log; if [ -f block ]; then sleep 60; fi; echo undone-mk >> ops.log"`;

/** The same undo in JavaScript, for a js() rollback. */
const MODULE = `import { appendFileSync, existsSync } from "node:fs";
import { join } from "node:path";
export async function make(args, context) {
  appendFileSync(join(context.workingDirectory, "ops.log"), "mk\\n");
}
export async function unmake(args, context) {
  const at = (name) => join(context.workingDirectory, name);
  appendFileSync(at("ops.log"), "undo-mk\\n");
  if (existsSync(at("block"))) await new Promise(() => setInterval(() => {}, 1000));
  appendFileSync(at("ops.log"), "undone-mk\\n");
}
`;

/** A workflow module whose library step's rollback() is that undo. */
const LIBRARY_MODULE = `import { appendFileSync, existsSync } from "node:fs";
import { WorkflowDefinition } from ${JSON.stringify(ENGINE_URL)};
export default new WorkflowDefinition({
  id: "library_undo",
  steps: [
    {
      id: "mk",
      description: "mk",
      reversible: true,
      needs: [],
      async execute() {
        appendFileSync("ops.log", "mk\\n");
        return { stepId: "mk", status: "success", metrics: {}, attempts: 1, rollbackData: { made: true } };
      },
      async rollback() {
        appendFileSync("ops.log", "undo-mk\\n");
        if (existsSync("block")) await new Promise(() => setInterval(() => {}, 1000));
        appendFileSync("ops.log", "undone-mk\\n");
      },
    },
  ],
});
`;

/** Each kind of undo, as the one step `mk` of a workflow that succeeds. */
const KINDS: readonly { kind: string; workflow: string }[] = [
  {
    kind: "a shell rollback action",
    workflow: `workflow shell_undo {
  step mk {
    run: "echo mk >> ops.log"
    rollback: ${BLOCKING_SHELL_UNDO}
  }
}
`,
  },
  {
    kind: "a declared command's undo",
    workflow: `command make_it {
  run: "echo mk >> ops.log"
  rollback: ${BLOCKING_SHELL_UNDO}
}

workflow command_undo {
  step mk {
    run: make_it()
  }
}
`,
  },
  {
    kind: "a js() undo",
    workflow: `workflow js_undo {
  step mk {
    run: js("./steps.mjs", "make")
    rollback: js("./steps.mjs", "unmake")
  }
}
`,
  },
];

/** Starts `momoflow rollback` of `target` with `block` in place, stops it with `signal` once `mk`'s undo started. */
async function stopRollbackMidUndo(
  target: string,
  workdir: string,
  signal: NodeJS.Signals,
): Promise<CliOutcome> {
  writeFileSync(join(workdir, "block"), "");
  const { child, done } = startCli(["rollback", target], workdir);
  try {
    await waitFor(() => opsLogLines(workdir).includes("undo-mk"), "the undo of mk to start");
  } finally {
    child.kill(signal);
  }
  const out = await done;
  rmSync(join(workdir, "block"));
  return out;
}

/**
 * An undo stopped part-way runs again in full at the next rollback (an undo
 * must be safe to repeat): the next rollback must say so, naming the
 * rollback that started it and how it ended — in the terminal and in
 * `--json` — for every kind of undo.
 */
describe("an undo stopped part-way: the next rollback says it runs it again (real signals)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-unfinished-undo-");

  for (const { kind, workflow } of KINDS) {
    it(`${kind}, its rollback killed (SIGKILL) mid-undo`, async () => {
      const { file, workdir } = writeWorkflow(tmp(), "undo", workflow);
      writeFileSync(join(dirname(file), "steps.mjs"), MODULE);
      const run = await runCli(["run", file, "--workdir", workdir], workdir);
      assert.equal(run.code, 0, said(run));

      const killed = await stopRollbackMidUndo(runDirOf(workdir), workdir, "SIGKILL");
      assert.equal(killed.signal, "SIGKILL", said(killed));
      assert.deepEqual(opsLogLines(workdir), ["mk", "undo-mk"]);

      const again = await runCli(["rollback", runDirOf(workdir)], workdir);
      assert.equal(again.code, 0, said(again));
      assert.deepEqual(opsLogLines(workdir), ["mk", "undo-mk", "undo-mk", "undone-mk"]);
      assert.match(
        again.stdout,
        new RegExp(
          `^mk: the rollback at ${TERMINAL_CLOCK} was killed at its undo \\(while the undo ran, or just before it started\\), so the undo may have run in part; it was run from its start now$`,
          "m",
        ),
        said(again),
      );
      assert.match(again.stdout, /rolled_back/, said(again));

      // Said once: the undo is done now.
      const third = await runCli(["rollback", runDirOf(workdir)], workdir);
      assert.equal(third.code, 0, said(third));
      assert.doesNotMatch(third.stdout, /did not finish/, said(third));
    });
  }

  it("a library step's rollback(), its rollback killed (SIGKILL) mid-undo, said in --json", async () => {
    const dir = tmp();
    const file = join(dir, "workflow.mjs");
    writeFileSync(file, LIBRARY_MODULE);
    const run = await runCli(["run", file], dir);
    assert.equal(run.code, 0, said(run));

    const killed = await stopRollbackMidUndo(file, dir, "SIGKILL");
    assert.equal(killed.signal, "SIGKILL", said(killed));

    const before = Date.now();
    const again = await runCli(["rollback", file, "--json"], dir);
    assert.equal(again.code, 0, said(again));
    assert.deepEqual(opsLogLines(dir), ["mk", "undo-mk", "undo-mk", "undone-mk"]);
    const report = JSON.parse(again.stdout) as {
      rolledBack: string[];
      undosRunAgain?: { stepId: string; by: string; how: string; startedAt: string }[];
    };
    assert.deepEqual(report.rolledBack, ["mk"]);
    assert.equal(report.undosRunAgain?.length, 1, again.stdout);
    const [entry] = report.undosRunAgain!;
    assert.deepEqual(
      { stepId: entry!.stepId, by: entry!.by, how: entry!.how },
      { stepId: "mk", by: "rollback", how: "killed" },
    );
    assert.ok(Date.parse(entry!.startedAt) <= before, entry!.startedAt);
  });

  it("a shell undo given up by Ctrl+C on momoflow rollback", async () => {
    const { file, workdir } = writeWorkflow(tmp(), "undo", KINDS[0]!.workflow);
    const run = await runCli(["run", file, "--workdir", workdir], workdir);
    assert.equal(run.code, 0, said(run));

    const stopped = await stopRollbackMidUndo(runDirOf(workdir), workdir, "SIGINT");
    assert.equal(stopped.code, 130, said(stopped));
    // Its line says it was given up, as the record's schema allows.
    const line = journalEvents(runDirOf(workdir)).find((e) => e.type === "step_rolled_back");
    assert.equal(line?.givenUp, true, JSON.stringify(line));
    const validate = new Ajv({ strict: false }).compile(journalSchema);
    assert.ok(validate(line), JSON.stringify(validate.errors));

    const again = await runCli(["rollback", runDirOf(workdir), "--json"], workdir);
    assert.equal(again.code, 0, said(again));
    const report = JSON.parse(again.stdout) as {
      undosRunAgain?: { stepId: string; by: string; how: string }[];
    };
    assert.deepEqual(
      report.undosRunAgain?.map(({ stepId, by, how }) => ({ stepId, by, how })),
      [{ stepId: "mk", by: "rollback", how: "given_up" }],
      again.stdout,
    );
  });

  it("the run's own rollback killed (SIGKILL) mid-undo: momoflow rollback says it, --resume refuses", async () => {
    const { file, workdir } = writeWorkflow(
      tmp(),
      "undo",
      `workflow fails {
  step mk {
    run: "echo mk >> ops.log"
    rollback: ${BLOCKING_SHELL_UNDO}
  }
  step boom {
    needs: mk
    run: "exit 1"
  }
}
`,
    );
    writeFileSync(join(workdir, "block"), "");
    const { child, done } = startCli(["run", file, "--workdir", workdir], workdir);
    try {
      await waitFor(
        () => opsLogLines(workdir).includes("undo-mk"),
        "the run's undo of mk to start",
      );
    } finally {
      child.kill("SIGKILL");
    }
    await done;
    rmSync(join(workdir, "block"));

    // Resumed, mk would be taken as done although its undo stopped part-way.
    const resumed = await runCli(["run", file, "--workdir", workdir, "--resume"], workdir);
    assert.equal(resumed.code, 2, said(resumed));
    assert.match(
      resumed.stderr,
      /the undo of mk may have stopped part-way, its rollback killed at it or giving it up \(left to undo: mk\).*momoflow rollback/,
      said(resumed),
    );
    assert.deepEqual(opsLogLines(workdir), ["mk", "undo-mk"], "the refused resume ran nothing");

    const again = await runCli(["rollback", runDirOf(workdir)], workdir);
    assert.equal(again.code, 0, said(again));
    assert.match(
      again.stdout,
      new RegExp(
        `^mk: the run's rollback at ${TERMINAL_CLOCK} was killed at its undo \\(while the undo ran, or just before it started\\), so the undo may have run in part; it was run from its start now$`,
        "m",
      ),
      said(again),
    );
    assert.deepEqual(opsLogLines(workdir), ["mk", "undo-mk", "undo-mk", "undone-mk"]);
  });
});
