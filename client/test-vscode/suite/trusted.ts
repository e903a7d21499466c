// The suite for a trusted workspace, in the order it runs: later files build
// on what earlier ones did (a run before its rollback).
import "./trusted/activation.test";
import "./trusted/diagnostics.test";
import "./trusted/language-features.test";
import "./trusted/editing.test";
import "./trusted/code-lens.test";
import "./trusted/run-and-rollback.test";
import "./trusted/rollback-secrets.test";
import "./trusted/run-secrets.test";
import "./trusted/tasks.test";
import "./trusted/inline-metrics.test";
import "./trusted/imported-staleness.test";
import "./trusted/testing.test";
import "./trusted/testing-not-run.test";
import "./trusted/metrics-view.test";
import "./trusted/resume.test";
import "./trusted/step-groups.test";
import "./trusted/structured-outputs.test";
import "./trusted/failing-script-line.test";
import "./trusted/odd-paths.test";
import "./trusted/outside-workspace.test";
import "./trusted/rename-during-run.test";
import "./trusted/sub-folder.test";
import "./trusted/runtime-setting.test";
