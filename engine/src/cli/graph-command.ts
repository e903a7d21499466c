import { resolve } from "node:path";
import { renderDot, renderMermaid } from "../language/graph/graph-render";
import { workflowGraph } from "../language/graph/workflow-graph";
import { LanguageWorkspace } from "../language/workspace";
import { formatDiagnostic } from "./diagnostic-format";
import { UsageError } from "./usage-error";
import { oneArgument, parseCommandArgs } from "./command-args";
import { refuseJavaScriptModule } from "./momoflow-files";
import { nearestNames } from "../language/edit-distance";
import { givenParamLists } from "../language/graph/given-param-lists";
import type { KnownLists } from "../language/known-list";
import { parseParams } from "./run-command";

export const graphHelp = `Usage: momoflow graph <file.momoflow> [--workflow NAME] [--param NAME=VALUE]... [--format dot|mermaid|json]

Prints a workflow's dependency graph. Irreversible steps are marked
(a double border in DOT, the "irreversible" class in Mermaid). A fan-out
step is one node labelled "convert ×3" with its for_each (a box3d stack in
DOT, the "fan_out" class in Mermaid): its count is that of the run that
momoflow run with the same --param values makes — a list param given, else
its default written out — and "×N" when only the run knows it (a param
with no default, a glob, a step's output); a step that calls a workflow names it
("workflow release": a component in DOT, a subroutine in Mermaid) and is as
reversible as the steps it calls. A step with a condition shows it on one
line, as in: when region == "eu" (in JSON, its "when").

Options:
  --workflow NAME      which workflow (optional when the file has one)
  --param NAME=VALUE   a param of the workflow, as momoflow run takes it: a list
                       given counts its fan-outs (once per param)
  --format FORMAT      dot (default), mermaid or json
  -h, --help           show this help
`;

/** `momoflow graph`: returns the exit code. */
export async function graphCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("graph", {
    args: argv,
    allowPositionals: true,
    options: {
      workflow: { type: "string" },
      param: { type: "string", multiple: true },
      format: { type: "string", default: "dot" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(graphHelp);
    return 0;
  }
  const given = oneArgument("graph", positionals, "one .momoflow file", graphHelp);
  const format = values.format;
  if (format !== "dot" && format !== "mermaid" && format !== "json") {
    throw new UsageError(`--format ${format}: expected dot, mermaid or json`);
  }
  refuseJavaScriptModule(given);
  const path = resolve(given);
  const check = new LanguageWorkspace().check(path);
  // A graph of a file with errors would be a guess (a missing file, one not
  // UTF-8, needs naming no step): its errors are printed instead, as `run` does.
  const errors = check.diagnostics.filter((d) => d.severity === "error");
  for (const d of errors) process.stderr.write(formatDiagnostic(d) + "\n");
  if (errors.length > 0) {
    throw new UsageError(
      `${given} has ${errors.length} error${errors.length === 1 ? "" : "s"}; no graph was made`,
    );
  }
  const own = check.document.file.workflows;
  const name = values.workflow ?? (own.length === 1 ? own[0]!.name.text : undefined);
  if (!name) {
    throw new UsageError(
      own.length === 0
        ? `${given} declares no workflow`
        : `${given} declares ${own.length} workflows (${own.map((w) => w.name.text).join(", ")}): say which with --workflow`,
    );
  }
  const symbol = check.scope.workflows.get(name);
  if (!symbol) {
    const [nearest] = nearestNames(name, check.scope.workflows.keys());
    const guess = nearest ? `; did you mean \`${nearest}\`?` : "";
    throw new UsageError(`${given} has no workflow \`${name}\`${guess} (${workflowsIn(check)})`);
  }
  const graph = workflowGraph(
    symbol.decl,
    symbol.path,
    check.scope.commands,
    check.scope.workflows,
    paramLists(symbol.decl, parseParams(values.param ?? [])),
  );
  process.stdout.write(
    format === "json"
      ? JSON.stringify(graph, null, 2) + "\n"
      : format === "mermaid"
        ? renderMermaid(graph)
        : renderDot(graph),
  );
  return 0;
}

/** The workflow's own list params as `--param` and their defaults give them; a bad `--param` is bad usage. */
function paramLists(
  decl: Parameters<typeof givenParamLists>[0],
  given: Record<string, string>,
): KnownLists {
  try {
    return givenParamLists(decl, given);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The workflows `--workflow` can name: the file's own, then those it imports. */
function workflowsIn(check: ReturnType<LanguageWorkspace["check"]>): string {
  const own = check.document.file.workflows.map((w) => w.name.text);
  const imported = [...check.scope.workflows.keys()].filter((name) => !own.includes(name));
  const parts = [
    own.length > 0 ? `its workflows: ${own.join(", ")}` : "it declares no workflow",
    ...(imported.length > 0 ? [`imported: ${imported.join(", ")}`] : []),
  ];
  return parts.join("; ");
}
