import assert from "node:assert/strict";
import { renderStatusBar } from "../src/status-bar-view";

describe("the status bar item's text", () => {
  it("shows the server's state", () => {
    assert.equal(
      renderStatusBar({ server: "starting", trusted: true }).text,
      "$(loading~spin) momoflow",
    );
    assert.equal(
      renderStatusBar({ server: "running", trusted: true }).text,
      "$(workflow) momoflow",
    );
    assert.equal(
      renderStatusBar({ server: "stopped", trusted: true }).text,
      "$(circle-slash) momoflow",
    );
    const error = renderStatusBar({
      server: "error",
      serverMessage: "failed to start",
      trusted: true,
    });
    assert.equal(error.text, "$(error) momoflow");
    assert.equal(error.backgroundColor, "statusBarItem.errorBackground");
    assert.match(error.tooltip, /^Language server: error \(failed to start\)$/m);
  });

  it("adds the last run: its workflow, status and duration", () => {
    const view = renderStatusBar({
      server: "running",
      trusted: true,
      lastRun: {
        status: "success",
        detail: { workflow: "weekly_report", action: "run", durationMs: 1530 },
      },
    });
    assert.equal(view.text, "$(workflow) momoflow  $(pass) weekly_report");
    assert.match(view.tooltip, /^Run of weekly_report: succeeded in 1\.5 s$/m);
    assert.equal(view.backgroundColor, undefined);

    const failed = renderStatusBar({
      server: "running",
      trusted: true,
      lastRun: { status: "failed", detail: {} },
    });
    assert.equal(failed.text, "$(workflow) momoflow  $(error) last run");
    assert.equal(failed.backgroundColor, "statusBarItem.warningBackground");

    const rollback = renderStatusBar({
      server: "running",
      trusted: true,
      lastRun: {
        status: "rolled_back",
        detail: { workflow: "deploy", action: "rollback", durationMs: 125_000 },
      },
    });
    assert.match(rollback.tooltip, /^Rollback of deploy: rolled back in 2 min 5 s$/m);
  });

  it("says a run that did not happen did not, with why, naming the file when no workflow was named", () => {
    const view = renderStatusBar({
      server: "running",
      trusted: true,
      lastRun: {
        status: "not_run",
        detail: {
          workflow: "",
          fileName: "site.momoflow",
          action: "run",
          reason: "the file has errors",
        },
      },
    });
    assert.equal(view.text, "$(workflow) momoflow  $(circle-slash) site.momoflow");
    assert.match(view.tooltip, /^Run of site\.momoflow: nothing ran, the file has errors$/m);
    assert.doesNotMatch(view.tooltip, /failed/);
    assert.equal(view.backgroundColor, "statusBarItem.warningBackground");
  });

  it("says why running is off in restricted mode", () => {
    const view = renderStatusBar({ server: "running", trusted: false });
    assert.equal(view.text, "$(shield)  $(workflow) momoflow");
    assert.match(view.tooltip, /Restricted mode: .*need a trusted workspace/);
  });

  it("gives screen readers the tooltip's lines as sentences, each ended by one period", () => {
    const view = renderStatusBar({
      server: "error",
      serverMessage: "it exited.",
      trusted: false,
      lastRun: { status: "failed", detail: { workflow: "deploy" } },
    });
    assert.equal(
      view.label,
      "Language server: error (it exited.). Run of deploy: failed. " +
        "Restricted mode: language features work; running, rolling back and testing need a trusted workspace. " +
        "Click to show the momoflow output.",
    );
    assert.doesNotMatch(renderStatusBar({ server: "running", trusted: false }).label, /\.\./);
  });
});
