import type { CommandRegistry } from "../commands/registry";
import { parseDocument } from "../language/parse";
import { LanguageWorkspace } from "../language/workspace";
import { timeSyncBatches, type BatchPlan } from "./batch-timing";
import type { BenchProgress } from "./bench-progress";
import type { UnknownReferencesCase } from "./bench-report";
import { garbageCollector } from "./garbage-collection";
import { summarize } from "./statistics";

/** The target: `check` of a file with 20,000 unknown step references within 1 s. */
const GOAL = { references: 20_000, limitMs: 1_000 };

/** How big the case is and how often it is timed. */
export interface UnknownReferencesPlan {
  /** Steps of the one workflow, each with one unknown step reference. */
  references: number;
  samples: number;
}

const PATH = "/momoflow-bench/unknown-references.momoflow";

/**
 * One workflow of `references` steps, each with one misspelt step id (two
 * letters swapped, one edit from the step before it): every other step in
 * `needs`, the others in `${steps.<id>.output}`. Each is MF002 with a
 * "did you mean" among all the workflow's ids: the checker's worst case.
 */
export function unknownReferencesFile(references: number): string {
  const id = (i: number): string => `step_${String(i).padStart(5, "0")}`;
  const misspelt = (i: number): string => `stpe_${String(i).padStart(5, "0")}`;
  const lines = ["workflow unknown_references {"];
  for (let i = 0; i < references; i++) {
    const target = misspelt(Math.max(0, i - 1));
    lines.push(`  step ${id(i)} {`);
    if (i % 2 === 0) lines.push(`    needs: ${target}`, `    run: log(message: "step ${i}")`);
    else lines.push(`    run: log(message: "after \${steps.${target}.output}")`);
    lines.push("  }");
  }
  lines.push("}", "");
  return lines.join("\n");
}

/**
 * The check of a file of unknown step references through a fresh workspace
 * (nothing cached, as `momoflow check` does), against the parse alone of the
 * same file in the same run: the ratio shows what the checker and its
 * "did you mean" add to reading the file.
 *
 * @throws Error when the check does not report one MF002 per reference.
 */
export function measureUnknownReferences(
  plan: UnknownReferencesPlan,
  registry: CommandRegistry,
  progress: BenchProgress,
): UnknownReferencesCase {
  const text = unknownReferencesFile(plan.references);
  const host = { readFile: (path: string) => (path === PATH ? text : undefined) };
  const check = () => new LanguageWorkspace({ host, registry }).check(PATH);
  const unknown = check().diagnostics.filter((d) => d.code === "MF002").length;
  if (unknown !== plan.references) {
    throw new Error(
      `the unknown-references file gives ${unknown} MF002 for ${plan.references} references`,
    );
  }
  // Each call is long: one call per sample, one call of warm-up.
  const batch: BatchPlan = { samples: plan.samples, batchSize: 1, warmup: 1 };
  garbageCollector().collect?.();
  const parse = summarize(timeSyncBatches(() => parseDocument(text, PATH), batch));
  garbageCollector().collect?.();
  const checked = summarize(timeSyncBatches(check, batch));
  const medianMs = (checked.median / 1000) * (GOAL.references / plan.references);
  const result: UnknownReferencesCase = {
    description:
      `check(path) through a fresh workspace of one workflow of ${plan.references.toLocaleString("en-US")} steps, ` +
      "each with a misspelt step id (MF002 with a did-you-mean); floor: parseDocument of the same file",
    references: plan.references,
    bytes: Buffer.byteLength(text),
    checkUs: checked,
    parseUs: parse,
    ratioToParse: checked.median / parse.median,
    goal: {
      description: `check of ${GOAL.references.toLocaleString("en-US")} unknown step references within ${GOAL.limitMs} ms (median)`,
      references: GOAL.references,
      limitMs: GOAL.limitMs,
      medianMs,
      met: medianMs <= GOAL.limitMs,
    },
  };
  progress(
    `  unknown references (${plan.references.toLocaleString("en-US")}): check ${(checked.median / 1000).toFixed(1)} ms, ` +
      `parse ${(parse.median / 1000).toFixed(1)} ms, ×${result.ratioToParse.toFixed(1)} parse`,
  );
  return result;
}
