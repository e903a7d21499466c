import { createCommandRegistry, type CommandRegistry } from "../commands/registry";
import type { Diagnostic } from "../language/diagnostic";
import { lexOnly, parseDocument } from "../language/parse";
import { LanguageWorkspace, type WorkspaceHost } from "../language/workspace";
import { timeSyncBatches, type BatchPlan, type BatchSetup } from "./batch-timing";
import type { BenchProgress } from "./bench-progress";
import type { LanguagePlan } from "./bench-profile";
import {
  BENCH_CATEGORY_TITLES,
  type LanguageCategory,
  type LanguageGoal,
  type LanguageOperation,
  type LanguageOperationId,
} from "./bench-report";
import { garbageCollector } from "./garbage-collection";
import { editAt, generateWorkflows, type GeneratedWorkflows } from "./generated-workflows";
import { summarize } from "./statistics";
export { measureUnknownReferences } from "./unknown-references";

/** What the language layer aims for (the median of the parse_check operation, warm). */
const GOAL = { lines: 10_000, limitMs: 50 };

const DESCRIPTIONS: Record<LanguageOperationId, string> = {
  lex: "lexOnly(text): the lexer alone over the main file (the category's baseline)",
  parse: "parseDocument(text, path): lexing, parsing into the tree, doc comments, syntax errors",
  parse_check:
    "check(path) through a fresh LanguageWorkspace per call (files in memory, nothing cached): " +
    "both files parsed, the import resolved, every check run",
  recheck:
    "check(path) again through the same workspace, no text changed: the cached result is returned",
  edit_check:
    "setText(path, the text with one letter of a description changed), then check(path): " +
    "the main file parsed and checked again (the imported file's parse stays cached)",
};

/** Operations whose MB/s is reported: those that read the whole text each call. */
const WITH_THROUGHPUT: ReadonlySet<LanguageOperationId> = new Set(["lex", "parse", "parse_check"]);

/** Files served from memory, so that disk reads are not part of any figure. */
function memoryHost(files: ReadonlyMap<string, string>): WorkspaceHost {
  return { readFile: (path) => files.get(path) };
}

/**
 * Category 6: the `.momoflow` language layer on a generated document that
 * checks clean (see {@link generateWorkflows}), warm: the lexer alone (the
 * category's baseline), the parser, parse + check through a fresh workspace,
 * the cached re-check of an unchanged file, and a one-letter edit then check.
 *
 * @throws Error when the generated document does not check clean: the
 *   figures would time error recovery instead of the normal path.
 */
export function measureLanguage(
  plan: LanguagePlan,
  baselineUs: number,
  progress: BenchProgress,
): LanguageCategory {
  const generated = generateWorkflows(plan);
  const { mainPath, main, stats } = generated;
  const host = memoryHost(generated.files);
  // Built-ins only: commands registered in this process must not change the figures.
  const registry = createCommandRegistry();
  const edits = [editAt(main, generated.editOffset, "x"), editAt(main, generated.editOffset, "y")];
  expectClean(generated, host, registry, edits[0]!);
  progress(
    `  document: ${stats.lines.toLocaleString("en-US")} lines, ${stats.steps} steps, ` +
      `${(stats.bytes / 1000).toFixed(0)} kB (+ ${stats.importedLines} imported lines), clean`,
  );

  const single: BatchPlan = { samples: plan.samples, batchSize: 1, warmup: plan.warmup };
  const timed = (op: () => unknown, batchPlan = single, setup?: BatchSetup): number[] => {
    // A settled heap per operation, so one's garbage is not collected in the next's samples.
    garbageCollector().collect?.();
    return timeSyncBatches(op, batchPlan, setup);
  };

  const lex = timed(() => lexOnly(main));
  const parse = timed(() => parseDocument(main, mainPath));

  let fresh = new LanguageWorkspace({ host, registry });
  const parseCheck = timed(
    () => fresh.check(mainPath),
    single,
    () => {
      fresh = new LanguageWorkspace({ host, registry });
    },
  );

  const warm = new LanguageWorkspace({ host, registry });
  warm.check(mainPath);
  const recheckPlan: BatchPlan = {
    samples: plan.samples,
    batchSize: plan.recheckBatchSize,
    warmup: plan.warmup,
  };
  const recheck = timed(() => warm.check(mainPath), recheckPlan);

  let edit = 0;
  const editCheck = timed(() => {
    // Two variants in turn: each call's text differs from the one checked before.
    warm.setText(mainPath, edits[edit++ % 2]!);
    return warm.check(mainPath);
  });

  const mainBytes = stats.bytes;
  const measured: [LanguageOperationId, number[], number, number][] = [
    ["lex", lex, mainBytes, 1],
    ["parse", parse, mainBytes, 1],
    ["parse_check", parseCheck, mainBytes + stats.importedBytes, 1],
    ["recheck", recheck, 0, plan.recheckBatchSize],
    ["edit_check", editCheck, mainBytes, 1],
  ];
  const lexerUs = summarize(lex).median;
  const operations = measured.map(([id, samples, bytes, batchSize]): LanguageOperation => {
    const perOpUs = summarize(samples);
    const operation: LanguageOperation = {
      id,
      description: DESCRIPTIONS[id],
      batchSize,
      bytes,
      perOpUs,
      ratioToLexer: perOpUs.median / lexerUs,
      ratioToBaseline: perOpUs.median / baselineUs,
    };
    // Bytes per microsecond is 10⁶ bytes per second.
    if (WITH_THROUGHPUT.has(id)) operation.throughputMBps = bytes / perOpUs.median;
    progress(
      `  ${id.padEnd(12)} ${(perOpUs.median / 1000).toFixed(3)} ms (p95 ${(perOpUs.p95 / 1000).toFixed(3)})` +
        (operation.throughputMBps === undefined
          ? ""
          : `, ${operation.throughputMBps.toFixed(1)} MB/s`),
    );
    return operation;
  });

  const parseCheckMs = operations.find((o) => o.id === "parse_check")!.perOpUs.median / 1000;
  const medianMs = (parseCheckMs * GOAL.lines) / stats.lines;
  const goal: LanguageGoal = {
    description: `parse + check of ${GOAL.lines.toLocaleString("en-US")} lines within ${GOAL.limitMs} ms (median, warm)`,
    lines: GOAL.lines,
    limitMs: GOAL.limitMs,
    medianMs,
    met: medianMs <= GOAL.limitMs,
  };
  return {
    title: BENCH_CATEGORY_TITLES.language,
    document: { ...stats },
    warmup: plan.warmup,
    operations,
    goal,
  };
}

/** Throws unless the generated document and its edited variant check without any diagnostic. */
function expectClean(
  generated: GeneratedWorkflows,
  host: WorkspaceHost,
  registry: CommandRegistry,
  edited: string,
): void {
  const workspace = new LanguageWorkspace({ host, registry });
  const problems = (diagnostics: readonly Diagnostic[], what: string): void => {
    if (diagnostics.length === 0) return;
    const first = diagnostics
      .slice(0, 3)
      .map(
        (d) => `${d.code} at ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`,
      );
    throw new Error(
      `the language benchmark's ${what} is not clean (${diagnostics.length} diagnostics): ${first.join("; ")}`,
    );
  };
  problems(workspace.check(generated.mainPath).diagnostics, "generated document");
  problems(workspace.check(generated.importedPath).diagnostics, "imported file");
  workspace.setText(generated.mainPath, edited);
  problems(workspace.check(generated.mainPath).diagnostics, "edited document");
}
