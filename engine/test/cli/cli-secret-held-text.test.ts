import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readJournal } from "../../src/record/journal-reader";
import { stepLogPath } from "../../src/record/run-paths";
import { runCli, startCli, waitFor, type CliOutcome } from "../support/cli-process";
import { runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";

const SECRET = "hunter2-very-secret";

/**
 * A step's output is masked as it streams: text that may be the start of a
 * secret (`hun`, of `hunter2-…`) is held back until what follows shows
 * whether it is one. When the run was killed (SIGKILL) while such text was
 * held, it was missing from the step's log, though it was no secret. It is
 * now in the log once it waited as long as an unfinished line does (150 ms),
 * and taken back there if the rest of the secret follows, so the log shows
 * `***`; a stopped run (Ctrl+C) writes it as the step ends.
 */
describe("step logs keep the text the secret mask held back", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-secret-held-text-");

  function readLog(step: string): string {
    return readFileSync(join(runDirOf(tmp()), stepLogPath(step)), "utf8");
  }

  /** The log of `step` so far: "" before it is written. */
  function logSoFar(step: string): string {
    try {
      return readLog(step);
    } catch {
      return "";
    }
  }

  /**
   * Runs a one-step workflow with `script`, waits for `marker` on the terminal
   * and for the step's log to read `logged` (the held text written once it
   * waited, about 150 ms), then sends `signal`.
   */
  async function runAndStop(
    script: string[],
    marker: RegExp,
    logged: string,
    signal: NodeJS.Signals,
  ): Promise<CliOutcome> {
    writeFileSync(
      join(tmp(), "wf.momoflow"),
      [
        "workflow w {",
        "  param api_key: secret",
        '  step ask { run: """',
        ...script.map((line) => `    ${line}`),
        '  """ }',
        "}",
      ].join("\n"),
    );
    const { child, done } = startCli(["run", "wf.momoflow", "--param", `api_key=${SECRET}`], tmp());
    let stdout = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    try {
      await waitFor(() => marker.test(stdout), `${marker} in the terminal`);
      await waitFor(
        () => logSoFar("ask") === logged,
        `the log to read ${JSON.stringify(logged)} (it reads ${JSON.stringify(logSoFar("ask"))})`,
      );
      child.kill(signal);
      return await done;
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await done;
      // The step's shell outlives a killed CLI (its own process group): stop it.
      const { events } = readJournal(join(runDirOf(tmp()), "journal.jsonl"));
      for (const e of events)
        if (e.type === "step_process") {
          try {
            process.kill(-e.pid, "SIGKILL");
          } catch {
            // Ended with the run (Ctrl+C).
          }
        }
    }
  }

  it("SIGKILL: the start of a secret's name that was no secret is in the log", async () => {
    await runAndStop(
      ["printf 'connecting to hun'", "echo printed-it >&2", "sleep 30"],
      /ask \| printed-it/,
      "printed-it\nconnecting to hun",
      "SIGKILL",
    );
    assert.equal(readLog("ask"), "printed-it\nconnecting to hun");
  });

  it("SIGKILL: held text that the rest of the secret followed is masked in the log, no part of it shown", async () => {
    await runAndStop(
      [
        "printf 'connecting to hun'",
        // Well past the 150 ms the start waits before it is written, even on a loaded machine.
        "sleep 2",
        "printf 'ter2-very-secret, done'",
        "echo printed-it >&2",
        "sleep 30",
      ],
      /ask \| printed-it/,
      "connecting to \nprinted-it\n***, done",
      "SIGKILL",
    );
    const log = readLog("ask");
    // The line written a moment after its start ("connecting to "), its end after the stderr line.
    assert.equal(log, "connecting to \nprinted-it\n***, done");
    assert.doesNotMatch(log, /hun|ter2/);
  });

  it("Ctrl+C: the held text is in the log as the stopped step ends", async () => {
    const out = await runAndStop(
      ["printf 'connecting to hun'", "echo printed-it >&2", "sleep 30"],
      /ask \| printed-it/,
      "printed-it\nconnecting to hun",
      "SIGINT",
    );
    assert.equal(out.code, 130, out.stdout + out.stderr);
    assert.equal(readLog("ask"), "printed-it\nconnecting to hun\n");
    assert.doesNotMatch(out.stdout + readLog("ask"), /hunter2/);
  });

  it("a retried step whose attempt begins with held text keeps its attempt header when the text is written in full", async () => {
    writeFileSync(
      join(tmp(), "wf.momoflow"),
      [
        "workflow w {",
        "  param api_key: secret",
        "  step ask {",
        '    run: """',
        "      if [ -f tried ]; then printf 'hun'; sleep 0.5; echo 'dred'; else touch tried; exit 1; fi",
        '    """',
        "    retries: 1",
        "    retry_delay: 0s",
        "  }",
        "}",
      ].join("\n"),
    );
    const out = await runCli(["run", "wf.momoflow", "--param", `api_key=${SECRET}`], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.equal(readLog("ask"), "── attempt 2 ──\nhundred\n");
  });
});
