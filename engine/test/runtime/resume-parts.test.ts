import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { actionFingerprint } from "../../src/runtime/action-fingerprint";
import { globFiles, isGlob } from "../../src/runtime/file-glob";
import { journalLine } from "../../src/record/journal-line";
import type { StepFinishedEvent } from "../../src/record/journal-event";
import { emptyMetrics } from "../../src/runtime/metrics";
import { useTempDir } from "../support/temp-dir";

describe("the parts of resume and up-to-date checks", () => {
  const tmp = useTempDir("momoflow-resume-parts-");

  it("fingerprints an action by its content, not its keys' order", () => {
    const a = actionFingerprint({
      kind: "command",
      command: "sh",
      args: { script: "echo 1", shell: "sh" },
    });
    const b = actionFingerprint({
      args: { shell: "sh", script: "echo 1" },
      command: "sh",
      kind: "command",
    });
    const c = actionFingerprint({
      kind: "command",
      command: "sh",
      args: { script: "echo 2", shell: "sh" },
    });
    assert.match(a, /^sha256:[0-9a-f]{64}$/);
    assert.equal(a, b);
    assert.notEqual(a, c);
  });

  it("writes a step's fingerprint in its journal line as JSON.stringify would", () => {
    const event: StepFinishedEvent = {
      type: "step_finished",
      time: 5,
      step: "build",
      status: "success",
      attempts: 1,
      metrics: emptyMetrics(1),
      log: "logs/build.log",
      fingerprint: `sha256:${"a".repeat(64)}`,
    };
    assert.equal(journalLine(event), JSON.stringify(event));
    const reused: StepFinishedEvent = { ...event, reusedFrom: "run-1", attempts: 0 };
    assert.equal(JSON.parse(journalLine(reused)).reusedFrom, "run-1");
  });

  it("finds the files a glob names under the working directory, dot files too", () => {
    mkdirSync(join(tmp(), "data", "deep"), { recursive: true });
    for (const f of ["data/a.csv", "data/deep/b.csv", "data/.c.csv", "data/d.txt"])
      writeFileSync(join(tmp(), f), "");
    assert.equal(isGlob("data/*.csv"), true);
    assert.equal(isGlob("data/a.csv"), false);
    const names = (pattern: string): string[] =>
      globFiles(pattern, tmp())
        .map((p) => p.slice(tmp().length + 1))
        .sort();
    assert.deepEqual(names("data/*.csv"), ["data/.c.csv", "data/a.csv"]);
    assert.deepEqual(names("data/**/*.csv"), ["data/.c.csv", "data/a.csv", "data/deep/b.csv"]);
    assert.deepEqual(names("missing/*.csv"), []);
  });
});
