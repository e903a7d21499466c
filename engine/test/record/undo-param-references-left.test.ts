import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  JournalReplay,
  readJournal,
  runRecordPaths,
  stepsUndoParamReferences,
  undoParamReferencesLeft,
} from "@momoflow/record";
import type { RunStartedEvent } from "../../src/record/journal-event";
import { stepIdOfLineHead } from "../../src/record/journal-line-head";
import { runStartedCut } from "../../src/record/run-started-cut";
import { startCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useTempDir } from "../support/temp-dir";
import { writeWorkflow } from "../support/workflow-files";

const KEY = "key-9d41c2";

/**
 * `publish` runs first and its undo reads the secret `key`; `steps` effect-free
 * steps follow it in a chain, then `boom` fails: the journal of a large run
 * with one secret in use.
 */
function largeFlow(steps: number): string {
  let text = `workflow big {
  param key: secret
  step publish {
    run: "echo published"
    rollback: "echo undo-\${key} >> ops.log"
  }
`;
  for (let i = 0; i < steps; i++)
    text += `  step s${i} {\n    needs: ${i === 0 ? "publish" : `s${i - 1}`}\n    run: log(message: "m${i}")\n  }\n`;
  return `${text}  step boom {\n    needs: s${steps - 1}\n    run: fail(message: "stop")\n  }\n}\n`;
}

/** A fan-out whose instances' undos read `key`, one of them with a call whose secret comes from a step. */
const FAN_OUT = `workflow release {
  param token: secret
  step upload {
    run: "echo upload"
    rollback: "echo undo-upload-\${token} >> ops.log"
  }
}

workflow ship {
  param key: secret
  step login {
    run: "echo token-5e1b9c"
    rollback: none
  }
  step convert {
    for_each: region in ["eu", "us", "ap"]
    run: "echo \${region}"
    rollback: "echo undo-\${region}-\${key} >> ops.log"
  }
  step deploy {
    needs: [login, convert]
    for_each: region in ["eu", "us"]
    run: workflow release(token: "\${steps.login.output}-\${region}")
  }
  step boom {
    needs: deploy
    run: fail(message: "stop")
  }
}
`;

/**
 * `release`'s `upload` reads the secret its caller gave it and `bump` reads
 * none; `sign`, after the call, reads `ship`'s own `key`.
 */
const CALL_THEN_SIGN = `workflow release {
  param token: secret
  step upload {
    run: "echo upload"
    rollback: "echo undo-upload-\${token} >> ops.log"
  }
  step bump {
    needs: upload
    run: "echo bump"
    rollback: "echo undo-bump >> ops.log"
  }
}

workflow ship {
  param key: secret
  step login {
    run: "echo token-5e1b9c"
    rollback: none
  }
  step release {
    needs: login
    run: workflow release(token: steps.login.output)
  }
  step sign {
    needs: release
    run: "echo sign"
    rollback: "echo undo-sign-\${key} >> ops.log"
  }
  step boom {
    needs: sign
    run: fail(message: "stop")
  }
}
`;

/** What a replay of the whole journal says (the editor's way before): the reference. */
function fullReplayNames(journal: string): string[] {
  try {
    return stepsUndoParamReferences(
      JournalReplay.of(readJournal(journal).events).undoPlan().toUndo,
    );
  } catch {
    return [];
  }
}

describe("undoParamReferencesLeft: the secrets a rollback needs, read from the lines that need reading (real CLI)", function () {
  this.timeout(180_000);
  const tmp = useTempDir("momoflow-undo-params-left-");

  /** Runs `workflow` of `text` with --no-rollback, failing; resolves with the run's journal and files. */
  async function failedRun(
    text: string,
    workflow: string,
  ): Promise<{ journal: string; file: string; workdir: string }> {
    const { file, workdir } = writeWorkflow(tmp(), "flow", text);
    const ran = await startCli(
      ["run", file, "--workdir", workdir, "--workflow", workflow, "--no-rollback"],
      workdir,
      { MOMOFLOW_PARAM_KEY: KEY },
    ).done;
    assert.equal(ran.code, 1, said(ran));
    const runs = join(workdir, ".momoflow", "runs");
    const [id] = readdirSync(runs, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    return { journal: runRecordPaths(join(runs, id!)).journal, file, workdir };
  }

  /** Every line about a step is passed over on its head, which names the step the line is about. */
  function assertHeadsName(journal: string): void {
    const bytes = readFileSync(journal);
    for (let from = 0; from < bytes.length;) {
      const newline = bytes.indexOf(0x0a, from);
      const end = newline < 0 ? bytes.length : newline;
      const event = JSON.parse(bytes.toString("utf8", from, end)) as {
        type: string;
        step?: string;
      };
      assert.equal(
        stepIdOfLineHead(bytes, from, end),
        event.step,
        `the head of a ${event.type} line`,
      );
      from = end + 1;
    }
  }

  it("a 20,000-step run with one secret in use: the names of the whole journal's replay, every step line passed over on its head", async () => {
    const { journal, file, workdir } = await failedRun(largeFlow(20_000), "big");
    let started = performance.now();
    const full = fullReplayNames(journal);
    const fullMs = performance.now() - started;
    let pauses = 0;
    started = performance.now();
    const left = await undoParamReferencesLeft(journal, {
      pause: () => new Promise((resolve) => setImmediate(() => resolve(void pauses++))),
    });
    const leftMs = performance.now() - started;
    assert.deepEqual(full, ["key"]);
    assert.deepEqual(left, full);
    // Its first line alone is megabytes: scanned in slices, whatever the machine's speed.
    assert.ok(pauses > 0, "the scan lets other work run");
    // Only a sanity bound: a slow machine is not a failure. The figures are for the eye.
    assert.ok(leftMs < 30_000, `${leftMs} ms`);
    console.log(
      `      (whole replay ${fullMs.toFixed(0)} ms; these lines ${leftMs.toFixed(0)} ms, ${pauses} pauses)`,
    );
    assertHeadsName(journal);

    // Its first line cut down to the steps kept: as parsed whole, with those steps only.
    const bytes = readFileSync(journal);
    const firstLine = bytes.subarray(0, bytes.indexOf(0x0a));
    const parsed = JSON.parse(firstLine.toString("utf8")) as RunStartedEvent;
    const kept = (id: string): boolean => id === "publish" || id === "s19999";
    const { stepDefinitions, ...rest } = parsed;
    assert.ok(stepDefinitions !== undefined && Object.keys(stepDefinitions).length > 20_000);
    assert.deepEqual(await runStartedCut(firstLine, kept, async () => {}), {
      ...rest,
      stepDefinitions: {},
      steps: parsed.steps.filter((s) => kept(s.id)),
    });

    // Once rolled back, none is left: the rollback's lines are read too.
    const done = await startCli(
      ["rollback", file, "--workdir", workdir, "--workflow", "big"],
      workdir,
      { MOMOFLOW_PARAM_KEY: KEY },
    ).done;
    assert.equal(done.code, 0, said(done));
    assert.deepEqual(fullReplayNames(journal), []);
    assert.deepEqual(await undoParamReferencesLeft(journal), []);
    assertHeadsName(journal);
  });

  it("a damaged journal: the same names as the whole replay, whichever line is lost", async () => {
    const { journal } = await failedRun(largeFlow(50), "big");
    const lines = readFileSync(journal, "utf8").split("\n");
    const at = (type: string, step: string): number =>
      lines.findIndex((l) => l.startsWith(`{"type":"${type}"`) && l.includes(`"step":"${step}"`));
    const damaged = (edit: (copy: string[]) => void): string => {
      const copy = [...lines];
      edit(copy);
      const path = join(tmp(), `damaged-${Math.random().toString(36).slice(2)}.jsonl`);
      writeFileSync(path, copy.join("\n"));
      return path;
    };
    const cases: Record<string, string> = {
      "its outcome lost (half-done: undone all the same)": damaged((c) => {
        c[at("step_finished", "publish")] = '{"type":"step_finished","ti';
      }),
      "its intent lost, with the undo it recorded": damaged((c) => {
        c[at("step_started", "publish")] = "garbage";
      }),
      "its intent's step renamed": damaged((c) => {
        c[at("step_started", "publish")] = c[at("step_started", "publish")]!.replace(
          '"step":"publish"',
          '"step":"s3"',
        );
      }),
      "run_started lost": damaged((c) => {
        c[0] = c[0]!.slice(0, 100);
      }),
      "another format version": damaged((c) => {
        c[0] = c[0]!.replace('"v":1', '"v":2');
      }),
      "the last line cut": damaged((c) => {
        c.pop();
        c[c.length - 1] = c[c.length - 1]!.slice(0, 20);
      }),
      "run_started laid out otherwise (blanks after its colons)": damaged((c) => {
        c[0] = JSON.stringify(JSON.parse(c[0]!)).replace(/":/g, '": ');
      }),
      "run_started's variables holding a steps list and step definitions": damaged((c) => {
        const start = JSON.parse(c[0]!) as { variables: Record<string, unknown> };
        start.variables = {
          ...start.variables,
          steps: [{ id: "publish" }, "x"],
          stepDefinitions: { publish: 1 },
        };
        c[0] = JSON.stringify(start);
      }),
      "run_started with a step info that is no object": damaged((c) => {
        c[0] = c[0]!.replace('"steps":[', '"steps":[7,');
      }),
      "run_started with two step lists": damaged((c) => {
        c[0] = c[0]!.replace('"steps":[', '"steps":[],"steps":[');
      }),
      "lines with blanks around them": damaged((c) => {
        for (let i = 0; i < c.length; i++) c[i] = `  ${c[i]}\r`;
      }),
    };
    for (const [what, path] of Object.entries(cases))
      assert.deepEqual(await undoParamReferencesLeft(path), fullReplayNames(path), what);
    assert.deepEqual(
      await undoParamReferencesLeft(cases["its outcome lost (half-done: undone all the same)"]!),
      ["key"],
    );
    assert.deepEqual(
      await undoParamReferencesLeft(cases["its intent lost, with the undo it recorded"]!),
      [],
    );
  });

  it("a fan-out's instances and a call made per item: the names of the whole replay, in its order", async () => {
    const { journal } = await failedRun(FAN_OUT, "ship");
    const full = fullReplayNames(journal);
    assert.deepEqual([...full].sort(), ["deploy[0]/token", "deploy[1]/token", "key"]);
    assert.deepEqual(await undoParamReferencesLeft(journal), full);
    assertHeadsName(journal);
  });

  it("a call's steps undone together: the order of the whole replay, also when a step that reads no secret places the call", async () => {
    const { journal } = await failedRun(CALL_THEN_SIGN, "ship");
    assert.deepEqual(fullReplayNames(journal), ["key", "release/token"]);
    assert.deepEqual(await undoParamReferencesLeft(journal), ["key", "release/token"]);
    // As a run with sign beside the call would write it: sign ends between upload and bump.
    const lines = readFileSync(journal, "utf8").split("\n");
    const of = (step: string): string[] => lines.filter((l) => l.includes(`"step":"${step}"`));
    const sign = of("sign");
    const rest = lines.filter((l) => !sign.includes(l));
    const afterUpload = rest.indexOf(of("release/upload").at(-1)!) + 1;
    rest.splice(afterUpload, 0, ...sign);
    const interleaved = join(tmp(), "interleaved.jsonl");
    writeFileSync(interleaved, rest.join("\n"));
    // Undone last to first: bump, sign, upload; the call as one, where bump places it.
    assert.deepEqual(fullReplayNames(interleaved), ["release/token", "key"]);
    assert.deepEqual(await undoParamReferencesLeft(interleaved), ["release/token", "key"]);
  });

  it("a journal whose undos read the environment, not a param, needs none", async () => {
    const { journal } = await failedRun(
      largeFlow(3).replace("undo-${key}", "undo-${env.HOME}"),
      "big",
    );
    assert.ok(readFileSync(journal, "utf8").includes('"$ref":"env.HOME"'));
    assert.deepEqual(await undoParamReferencesLeft(journal), []);
  });
});
