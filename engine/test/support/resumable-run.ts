import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, type CliOutcome } from "./cli-process";
import { treeState } from "./tree-state";

/**
 * A run that fails half-way (param v=1), kept; resumed with v=2 it runs
 * again a built-in write whose content changed and a shell step that failed
 * half-way, then a copy: what the first run did in them is the resuming
 * run's to undo (its earlier attempts).
 */
export const RESUMABLE = `workflow resumable {
  param v: string = "1"
  step write {
    run: create_file(path: "notes.txt", content: "\${v}")
  }
  step half {
    needs: write
    run: "echo \${v} >> half.log; test \${v} != 1"
    rollback: "rm -f half.log"
  }
  step copy {
    needs: half
    run: copy_file(source: "notes.txt", destination: "copy.txt")
  }
}
`;

/**
 * Step `work` records its effect (effects.log), then fails until a file "ok"
 * exists in its folder; its undo names the tag it ran with (undo.log). Step
 * `last` fails until a file "done" exists (irreversible).
 */
export const TAGGED_WORK = `workflow work {
  param tag: string = "one"
  step work {
    run: "echo did-\${tag} >> effects.log; test -f ok"
    rollback: "echo undo-\${tag} >> undo.log"
  }
  step last {
    needs: work
    run: "test -f done"
    rollback: none
  }
}
`;

/** The CLI in `workdir`. */
export function cliIn(workdir: string): (...args: string[]) => Promise<CliOutcome> {
  return (...args) => runCli(args, workdir);
}

/**
 * A fresh `workdir` with the user's notes and RESUMABLE as flow.momoflow, and
 * its first run kept (--no-rollback): returns the tree as it was before that run.
 */
export async function firstResumableRun(workdir: string): Promise<Record<string, string>> {
  rmSync(workdir, { recursive: true, force: true });
  mkdirSync(workdir, { recursive: true });
  writeFileSync(join(workdir, "notes.txt"), "the user's notes\n");
  writeFileSync(join(workdir, "flow.momoflow"), RESUMABLE);
  const before = treeState(workdir);
  const first = await runCli(["run", "flow.momoflow", "--no-rollback"], workdir);
  assert.equal(first.code, 1, first.stdout + first.stderr);
  return before;
}

/** Rolls back the run of flow.momoflow that owns the steps now: the latest, or the one a refusal names. */
export async function rollBackOwner(workdir: string): Promise<CliOutcome> {
  const cli = cliIn(workdir);
  const undo = await cli("rollback", "flow.momoflow", "--param", "v=2");
  const owner = /roll back (\S+) instead/.exec(undo.stderr)?.[1];
  if (undo.code !== 2 || owner === undefined) return undo;
  return cli("rollback", join(workdir, ".momoflow", "runs", owner), "--param", "v=2");
}
