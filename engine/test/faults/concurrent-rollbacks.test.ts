import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { treeState } from "../support/tree-state";
import { runCli, startCli, waitFor, type CliOutcome } from "../support/cli-process";
import { journalEvents, latestRunDir, runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";
import { treeDiff } from "../support/tree-diff";

/** How many `momoflow rollback` of the same run start at once. */
const AT_ONCE = 10;
/** Races are found by repeating: rounds with a kept failed run, and with a killed one. */
const ROUNDS = { kept: 2, killed: 2 };

const SHELL_STEPS = ["shell_a", "shell_b", "shell_c"];
const REVERSIBLE_STEPS = ["overwrite", "drop", "copy", ...SHELL_STEPS];

/**
 * Built-in steps and shell steps whose rollbacks append their name to a
 * counter file outside the working directory: a rollback run twice shows as a
 * repeated line. `ending` decides how the run stops: a failure (kept with
 * --no-rollback) or a 30 s hold to be killed.
 */
function workflowText(ending: "fail" | "hold"): string {
  const last = ending === "fail" ? `run: fail(message: "stop here")` : `run: sleep(duration: 30s)`;
  const shell = (id: string, needs: string): string => `
  step ${id} {
    needs: ${needs}
    run: "echo ${id} > ${id}.txt; sleep 0.05"
    rollback: "rm -f ${id}.txt; sleep 0.05; echo ${id} >> \${counter}"
  }`;
  return `workflow undo_race {
  param counter: path
  step overwrite { run: create_file(path: "config.txt", content: "new config") }
  step drop {
    needs: overwrite
    run: delete_path(path: "folder")
  }
  step copy {
    needs: drop
    run: copy_file(source: "config.txt", destination: "copy.txt")
  }${shell("shell_a", "copy")}${shell("shell_b", "shell_a")}${shell("shell_c", "shell_b")}
  step last {
    needs: shell_c
    ${last}
  }
}
`;
}

/** Writes the user's files that the workflow changes. */
function seed(workdir: string): void {
  mkdirSync(join(workdir, "folder", "inner"), { recursive: true });
  writeFileSync(join(workdir, "config.txt"), "old config");
  writeFileSync(join(workdir, "folder", "inner", "kept.txt"), "kept");
}

/**
 * Many rollbacks of one run at the same time (two terminals, an editor and a
 * script, or a user pressing the button again): each step is undone exactly
 * once, whoever does it, and the tree comes back as it was.
 */
describe("concurrent rollbacks of one run undo each step exactly once", function () {
  this.timeout(120_000);
  const tmp = useTempDir("momoflow-race-");

  /** Sets up a try: its own workflow file, counter file and seeded working directory. */
  function prepare(name: string, ending: "fail" | "hold") {
    const dir = join(tmp(), name);
    const workdir = join(dir, "work");
    mkdirSync(workdir, { recursive: true });
    const file = join(dir, "undo-race.momoflow");
    writeFileSync(file, workflowText(ending));
    const counter = join(dir, "undo-count.txt");
    seed(workdir);
    const args = ["run", file, "--workdir", workdir, "--param", `counter=${counter}`];
    return { workdir, counter, args, before: treeState(workdir) };
  }

  /** Starts AT_ONCE rollbacks of `runDir` together and checks what they did. */
  async function rollBackAtOnce(
    runDir: string,
    workdir: string,
    counter: string,
    before: Record<string, string>,
  ): Promise<void> {
    const outcomes: CliOutcome[] = await Promise.all(
      Array.from({ length: AT_ONCE }, () => runCli(["rollback", runDir], workdir)),
    );
    const printed = outcomes
      .map((o, i) => `--- rollback ${i} (exit ${o.code}) ---\n${o.stdout}${o.stderr}`)
      .join("");

    const lines = existsSync(counter)
      ? readFileSync(counter, "utf8").split("\n").filter(Boolean)
      : [];
    assert.deepEqual(lines.sort(), SHELL_STEPS, `each shell rollback must run once:\n${printed}`);

    const undone = journalEvents(runDir)
      .filter((e) => e.type === "step_rolled_back" && e.status === "rolled_back")
      .map((e) => String(e.step));
    assert.deepEqual(
      undone.sort(),
      [...REVERSIBLE_STEPS].sort(),
      `each step undone once:\n${printed}`,
    );

    assert.deepEqual(
      treeDiff(before, treeState(workdir)),
      [],
      `the tree is not restored:\n${printed}`,
    );

    outcomes.forEach((o, i) => {
      // Losing the race is fine (waiting, or saying who holds the run); crashing is not.
      assert.doesNotMatch(o.stderr, /^\s+at |Uncaught/m, `rollback ${i} crashed:\n${printed}`);
      if (o.code !== 0) {
        assert.ok(
          o.code === 1 && /being rolled back by another process/.test(o.stderr),
          `rollback ${i} exited ${o.code} without saying another rollback holds the run:\n${printed}`,
        );
      }
    });
    assert.ok(
      outcomes.some((o) => o.code === 0),
      `no rollback succeeded:\n${printed}`,
    );

    const again = await runCli(["rollback", runDir], workdir);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /nothing to undo/);
  }

  for (let round = 1; round <= ROUNDS.kept; round++) {
    it(`a failed run kept with --no-rollback, ${AT_ONCE} rollbacks at once (round ${round})`, async () => {
      const { workdir, counter, args, before } = prepare(`kept-${round}`, "fail");
      const run = await runCli([...args, "--no-rollback"], workdir);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      await rollBackAtOnce(runDirOf(workdir), workdir, counter, before);
    });
  }

  for (let round = 1; round <= ROUNDS.killed; round++) {
    it(`a SIGKILLed run, ${AT_ONCE} rollbacks at once (round ${round})`, async () => {
      const { workdir, counter, args, before } = prepare(`killed-${round}`, "hold");
      const { child, done } = startCli(args, workdir);
      try {
        await waitFor(() => {
          const runDir = latestRunDir(workdir);
          return (
            runDir !== undefined &&
            journalEvents(runDir).some((e) => e.type === "step_started" && e.step === "last")
          );
        }, "the run to reach its last step");
        child.kill("SIGKILL");
        assert.equal((await done).signal, "SIGKILL");
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      }
      await rollBackAtOnce(runDirOf(workdir), workdir, counter, before);
    });
  }
});
