import { resolve } from "node:path";
import type { LanguageDocument } from "./bench-report";

/** Sizes of {@link generateWorkflows}. */
export interface GeneratedWorkflowsOptions {
  /** Workflows in the main file. */
  workflows: number;
  /**
   * Steps per workflow; at least 14, so that every kind of step and every
   * param appears, and a test has a step to fail in the middle.
   */
  stepsPerWorkflow: number;
  /** Test blocks, spread over the workflows round robin. */
  tests: number;
  /** Folder the two files are placed in (absolute after resolution). Default `/momoflow-bench`. */
  root?: string;
}

/** What a generated document holds: the report's {@link LanguageDocument}. */
export type GeneratedWorkflowsStats = LanguageDocument;

/** A generated main file that imports a file of commands, both in memory. */
export interface GeneratedWorkflows {
  /** Absolute path of the main file. */
  mainPath: string;
  /** Absolute path of the file it imports. */
  importedPath: string;
  /** Text of each file, by absolute path. */
  files: ReadonlyMap<string, string>;
  /** Text of the main file. */
  main: string;
  stats: GeneratedWorkflowsStats;
  /**
   * Offset in the main file of a letter (inside a step description, half-way
   * through the file) that can be replaced by another letter without changing
   * any diagnostic: the one-character edit of the benchmark.
   */
  editOffset: number;
}

/** The step description the edit offset points into (that of `config` steps). */
const EDIT_MARKER = "Write the configuration";

/** Enough steps for every kind of step, a test's failing step and the step after it. */
const MIN_STEPS = 14;

/**
 * Generates a realistic `.momoflow` workspace for the language benchmark: a
 * main file of `workflows` × `stepsPerWorkflow` steps using every feature of
 * the language (imports, doc comments, typed params and vars, declared and
 * built-in commands with named arguments, `"""` scripts with interpolation,
 * `needs`, `when`, `rollback`, step outputs, tests) and a file of commands it
 * imports. The output is deterministic and checks clean: no diagnostic at all,
 * not even a hint (every step is reversible or effect-free, every value used).
 * About ten lines per step: 5 × 200 steps make about 10,000 lines.
 */
export function generateWorkflows(options: GeneratedWorkflowsOptions): GeneratedWorkflows {
  if (options.workflows < 1) throw new RangeError("workflows must be at least 1");
  if (options.stepsPerWorkflow < MIN_STEPS) {
    throw new RangeError(`stepsPerWorkflow must be at least ${MIN_STEPS}`);
  }
  const root = resolve(options.root ?? "/momoflow-bench");
  const mainPath = resolve(root, "main.momoflow");
  const importedPath = resolve(root, "common.momoflow");
  const imported = commonFile();
  const { text: main, editOffset } = mainFile(options);
  const stats: GeneratedWorkflowsStats = {
    lines: lineCount(main),
    bytes: Buffer.byteLength(main, "utf8"),
    workflows: options.workflows,
    steps: options.workflows * options.stepsPerWorkflow,
    commands: MAIN_COMMANDS + COMMON_COMMANDS,
    tests: options.tests,
    importedLines: lineCount(imported),
    importedBytes: Buffer.byteLength(imported, "utf8"),
  };
  const files = new Map([
    [mainPath, main],
    [importedPath, imported],
  ]);
  return { mainPath, importedPath, files, main, stats, editOffset };
}

/**
 * `text` with the character at `offset` replaced by `letter` (the edit of the
 * benchmark). The offset comes from {@link GeneratedWorkflows.editOffset}.
 */
export function editAt(text: string, offset: number, letter: string): string {
  return text.slice(0, offset) + letter + text.slice(offset + 1);
}

function lineCount(text: string): number {
  let lines = 1;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lines++;
  return lines;
}

const COMMON_COMMANDS = 3;

/** The imported file: commands shared by every workflow. */
function commonFile(): string {
  return `/// Commands shared by the generated workflows.

/// Stamps a file with the id of the run.
command stamp(file: path) {
  description: "Write the run id into a file"
  run: "echo \${run.id} > \${file}"
  rollback: "rm -f \${file}"
}

/// Packs a folder into a tarball, keeping the last \`keep\` ones.
command archive(source: path, name: string, keep: int = 3) {
  description: "Archive a folder"
  run: """
    mkdir -p archives
    tar -czf archives/\${name}.tar.gz \${source}
    ls -1t archives | tail -n +\${keep} | head -n 1
  """
  rollback: delete_path(path: "archives/\${name}.tar.gz")
  timeout: 10m
}

/// Posts a message to a channel; the rollback posts a retraction.
command notify(channel: string, message: string, urgent: bool = false) {
  description: "Tell the team"
  run: "echo '[\${channel}] \${message} (urgent: \${urgent})' >> notifications.log"
  rollback: "echo '[\${channel}] retracted: \${message}' >> notifications.log"
}
`;
}

const MAIN_COMMANDS = 3;

/** The main file's own commands. */
function mainCommands(): string[] {
  return [
    "/// Compiles one module into `out_dir`.",
    "///",
    "/// The build log lands next to the output, so a failed build can be read.",
    "command build_module(name: string, out_dir: path, level: int = 1, verbose: bool = false) {",
    '  description: "Compile a module into its output folder"',
    '  run: """',
    "    mkdir -p ${out_dir}/${name}",
    '    echo "level ${level}, verbose ${verbose}" > ${out_dir}/${name}/build.log',
    "    cc -O${level} -o ${out_dir}/${name}/${name}.o src/${name}.c",
    '  """',
    '  rollback: "rm -rf ${out_dir}/${name}"',
    "  timeout: 2m",
    "}",
    "",
    "/// Renders a template into a file (undone by create_file's automatic undo).",
    "command render(template: string, destination: path, values: map = {}) {",
    '  description: "Render a template"',
    "  run: create_file(path: destination, content: template)",
    "}",
    "",
    "/// Checks a module's output and says so in the run log.",
    "command verify(name: string, attempts: int = 3) {",
    '  run: log(message: "verified ${name} in at most ${attempts} attempts")',
    "}",
    "",
  ];
}

/** Everything a step template needs to know about where it is. */
interface StepSite {
  /** Index of the workflow. */
  w: number;
  /** Index of the step in its workflow. */
  s: number;
  /** Ids of the steps declared so far in this workflow. */
  ids: readonly string[];
}

/** One kind of step: its id prefix and its lines (indented by the caller). */
interface StepKind {
  verb: string;
  lines(site: StepSite, id: string): string[];
}

/** `needs` of a step: the previous step, and the one five back on every fifth (a join). */
function needs({ s, ids }: StepSite): string[] {
  if (s === 0) return [];
  if (s % 5 === 0 && s >= 5) return [`    needs: [${ids[s - 1]}, ${ids[s - 5]}]`];
  if (s % 2 === 0) return [`    needs: [${ids[s - 1]}]`];
  return [`    needs: ${ids[s - 1]}`];
}

/**
 * The ten kinds of steps, used in turn. Each is reversible (an explicit
 * rollback, a built-in with an automatic undo, a declared command with a
 * rollback) or effect-free, so the file has no MF011; together they use
 * every param and var of the workflow.
 */
const STEP_KINDS: readonly StepKind[] = [
  {
    verb: "compile",
    lines: (site, id) => [
      `  /// Compiles part ${site.s} of bundle ${site.w}.`,
      `  step ${id} {`,
      `    description: "Compile part ${site.s}"`,
      ...needs(site),
      '    run: """',
      `      mkdir -p \${out}/part_${site.s}`,
      `      echo "building \${target} part ${site.s} at level \${level}" > \${logs}/part_${site.s}.log`,
      `      cp -r src/part_${site.s} \${out}/part_${site.s}/src`,
      '    """',
      `    rollback: "rm -rf \${out}/part_${site.s}"`,
      "    timeout: 5m",
      "    retries: retries",
      "  }",
    ],
  },
  {
    verb: "manifest",
    lines: (site, id) => [
      `  /// Lists what part ${site.s} holds.`,
      `  step ${id} {`,
      `    description: "Write the manifest of part ${site.s}"`,
      ...needs(site),
      `    run: create_file(path: "\${out}/part_${site.s}/manifest.txt", content: "part ${site.s} of \${target}")`,
      "  }",
    ],
  },
  {
    verb: "build",
    lines: (site, id) => [
      `  /// Builds module ${site.s} with the declared command.`,
      `  step ${id} {`,
      `    description: "Build module ${site.s}"`,
      ...needs(site),
      "    when: enabled",
      `    run: build_module(name: "module_${site.s}", out_dir: out, level: level, verbose: verbose)`,
      "    retry_delay: 2s",
      "  }",
    ],
  },
  {
    verb: "stamp",
    lines: (site, id) => [
      `  /// Marks part ${site.s} as built by this run.`,
      `  step ${id} {`,
      `    description: "Stamp part ${site.s}"`,
      ...needs(site),
      `    run: stamp(file: "\${out}/part_${site.s}.stamp") // imported from common.momoflow`,
      "    retries: retries",
      "  }",
    ],
  },
  {
    verb: "copy",
    lines: (site, id) => [
      `  /// Keeps a copy of the stamp next to the logs (staging only).`,
      `  step ${id} {`,
      `    description: "Copy the stamp of part ${site.s - 1}"`,
      ...needs(site),
      '    when: target != "production"',
      `    run: copy_file(source: "\${out}/part_${site.s - 1}.stamp", destination: "\${logs}/stamp_${site.s}.txt")`,
      "    continue_on_error: false",
      "  }",
    ],
  },
  {
    verb: "config",
    lines: (site, id) => [
      `  /// Records the configuration of part ${site.s}.`,
      `  step ${id} {`,
      `    description: "${EDIT_MARKER} of part ${site.s}"`,
      ...needs(site),
      "    run: write_json(",
      `      path: "\${out}/part_${site.s}.json",`,
      "      value: {",
      `        part: ${site.s},`,
      "        target: target,",
      `        tags: ["generated", "w${site.w}"],`,
      "        limit: 64MB,",
      "        ratio: 0.5,",
      "      },",
      "    )",
      "  }",
    ],
  },
  {
    verb: "record",
    lines: (site, id) => [
      `  step ${id} {`,
      `    description: "Record what part ${site.s - 1} printed"`,
      ...needs(site),
      '    run: """',
      `      echo \${steps.${site.ids[site.s - 1]}.output} > \${logs}/record_${site.s}.txt`,
      '    """',
      `    rollback: delete_path(path: "\${logs}/record_${site.s}.txt")`,
      "  }",
    ],
  },
  {
    verb: "pause",
    lines: (site, id) => [
      `  step ${id} {`,
      ...needs(site),
      "    when: verbose == false",
      "    run: sleep(duration: pause)",
      "    timeout: 30s",
      "  }",
    ],
  },
  {
    verb: "render",
    lines: (site, id) => [
      `  /// Renders the index page of part ${site.s}.`,
      `  step ${id} {`,
      `    description: "Render the index of part ${site.s}"`,
      ...needs(site),
      "    run: render(",
      `      template: "<h1>\${target} ${site.s}</h1>",`,
      `      destination: "\${out}/part_${site.s}/index.html",`,
      `      values: { title: "part ${site.s}" },`,
      "    )",
      "  }",
      "  /* The archive below keeps the last three bundles. */",
    ],
  },
  {
    verb: "archive",
    lines: (site, id) => [
      `  /// Archives the bundle so far; the rollback tells the team.`,
      `  step ${id} {`,
      `    description: "Archive bundle ${site.w} up to part ${site.s}"`,
      ...needs(site),
      `    run: archive(source: out, name: "bundle_${site.w}_${site.s}", keep: 3)`,
      `    rollback: notify(channel: "builds", message: "bundle ${site.w} part ${site.s} withdrawn", urgent: true)`,
      "  }",
    ],
  },
];

/** The last step of each workflow verifies and announces (declared and imported commands). */
function closingStep(site: StepSite): string[] {
  const id = `announce_${site.s}`;
  return [
    "  /// Tells the team the bundle is out.",
    `  step ${id} {`,
    ...needs(site),
    `    run: notify(channel: "releases", message: "bundle ${site.w} (\${steps.${site.ids[site.s - 1]}.output}) is out")`,
    "  }",
    "",
    `  step verify_${site.s + 1} {`,
    `    needs: ${id}`,
    `    run: verify(name: "bundle_${site.w}", attempts: 2)`,
    "  }",
  ];
}

function workflowLines(w: number, steps: number): string[] {
  const lines = [
    `/// Builds and ships bundle ${w}.`,
    "///",
    "/// Generated for the language benchmark: every kind of member appears.",
    `workflow bundle_${w} {`,
    `  description: "Build and ship bundle ${w}"`,
    '  version: "1.0.0"',
    '  author: "momoflow bench"',
    "  concurrency: 4",
    "  rollback_on_failure: true",
    "  timeout: 2h",
    "",
    "  /// Where the bundle goes.",
    '  param target: string = "staging"',
    "  param retries: int = 1",
    "  param level: int = 2",
    "  param enabled: bool = true",
    "  param verbose: bool = false",
    "  param pause: duration = 10ms",
    "  /// The bundle's output folder.",
    `  var out = "build/\${target}/bundle_${w}"`,
    '  var logs = "${out}/logs"',
    "",
  ];
  const ids: string[] = [];
  // The last two steps are the closing pair.
  for (let s = 0; s < steps - 2; s++) {
    const kind = STEP_KINDS[s % STEP_KINDS.length]!;
    const id = `${kind.verb}_${s}`;
    lines.push(...kind.lines({ w, s, ids }, id), "");
    ids.push(id);
  }
  lines.push(...closingStep({ w, s: steps - 2, ids }), "}", "");
  return lines;
}

function testLines(t: number, workflows: number, steps: number): string[] {
  const w = t % workflows;
  // A failure at a `compile` step past the first ten (after a `record` step
  // has run), with a `manifest` step after it; the last two steps close.
  const failing = 10 * (1 + (t % Math.floor((steps - 4) / 10)));
  return [
    `/// A failure at compile_${failing} undoes what bundle ${w} built before it.`,
    `test "bundle ${w}: a failure at part ${failing} rolls back (${t})" {`,
    `  workflow: bundle_${w}`,
    '  params: { target: "test", level: 3, verbose: true }',
    `  fail: [compile_${failing}]`,
    "  rollback_on_failure: true",
    "  timeout: 10m",
    "  expect status == rolled_back",
    `  expect step manifest_${failing - 9} == rolled_back`,
    `  expect step manifest_${failing + 1} == not_run`,
    '  expect output record_6 contains "part"',
    `  expect file "build/test/bundle_${w}/part_1/manifest.txt" missing`,
    "  expect duration < 5m",
    "  expect memory < 512MB",
    "}",
    "",
  ];
}

function mainFile(options: GeneratedWorkflowsOptions): { text: string; editOffset: number } {
  const lines = [
    "// Generated by `momoflow bench` (language category): a large workflow file",
    "// that checks clean, for timing the parser and the checker.",
    'import "./common.momoflow"',
    "",
    ...mainCommands(),
  ];
  const editWorkflow = Math.floor(options.workflows / 2);
  let editLine = -1;
  for (let w = 0; w < options.workflows; w++) {
    const workflow = workflowLines(w, options.stepsPerWorkflow);
    if (w === editWorkflow) {
      // The first config step of the workflow's second half: about the middle of the file.
      const half = Math.floor(workflow.length / 2);
      const found = workflow.findIndex((line, i) => i >= half && line.includes(EDIT_MARKER));
      editLine =
        lines.length + (found >= 0 ? found : workflow.findIndex((l) => l.includes(EDIT_MARKER)));
    }
    lines.push(...workflow);
  }
  for (let t = 0; t < options.tests; t++) {
    lines.push(...testLines(t, options.workflows, options.stepsPerWorkflow));
  }
  const text = lines.join("\n");
  const before = lines.slice(0, editLine).reduce((sum, line) => sum + line.length + 1, 0);
  // The marker's second letter (the "r" of "Write"): any other letter keeps the file clean.
  const editOffset = before + lines[editLine]!.indexOf(EDIT_MARKER) + 1;
  return { text, editOffset };
}
