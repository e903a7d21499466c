// A workflow module for the CLI: `momoflow run examples/report-workflow.mjs`.
// Built-in commands are undone automatically; the last step shows an explicit rollback.
import { CommandStep, WorkflowDefinition } from "momoflow";

export default new WorkflowDefinition({
  id: "weekly_report",
  name: "Weekly report",
  description: "Collect figures, write the report, publish it",
  concurrency: 2,
  steps: [
    new CommandStep(
      "workspace",
      "create_directory",
      { path: "report" },
      {
        description: "Make the report folder",
      },
    ),
    new CommandStep(
      "figures",
      "sh",
      {
        script:
          "printf 'runs,42\\nfailures,0\\n' > report/figures.csv && wc -l < report/figures.csv",
      },
      {
        description: "Collect this week's figures",
        needs: ["workspace"],
        rollback: { command: "delete_path", args: { path: "report/figures.csv" } },
      },
    ),
    new CommandStep(
      "summary",
      "write_json",
      { path: "report/summary.json", value: { week: 47, status: "green" } },
      { description: "Write the machine-readable summary", needs: ["workspace"] },
    ),
    new CommandStep(
      "report",
      "create_file",
      { path: "report/index.md", content: "# Weekly report\n\nAll green.\n" },
      { description: "Write the report", needs: ["figures", "summary"] },
    ),
    new CommandStep(
      "publish",
      "copy_file",
      { source: "report/index.md", destination: "public/report.md" },
      {
        description: "Publish it",
        needs: ["report"],
      },
    ),
  ],
});
