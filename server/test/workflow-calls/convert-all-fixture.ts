/*
 * The two files of the MF022-at-a-call suites: `lib/convert.momoflow`,
 * whose `convert_all` runs a step of 4 instances, and `main.momoflow`,
 * whose `nightly` imports and calls it.
 */

/**
 * `lib/convert.momoflow`: the workflow `convert_all`, with `concurrency` when
 * given (line 2); its step `convert` runs 4 instances, `maxParallel` at once:
 * its `max_parallel` on line 5 (index 4) with a concurrency, line 4 (index 3)
 * without.
 */
export function convertAll(options: { concurrency?: number; maxParallel: number }): string {
  return [
    "workflow convert_all {",
    ...(options.concurrency === undefined ? [] : [`  concurrency: ${options.concurrency}`]),
    "  step convert {",
    "    for_each: n in [1, 2, 3, 4]",
    `    max_parallel: ${options.maxParallel}`,
    '    run: "echo ${n}"',
    "    rollback: none",
    "  }",
    "}",
    "",
  ].join("\n");
}

/** `main.momoflow`: the workflow `nightly`, its `concurrency` on line 3, its call of `convert_all` on line 5. */
export function nightlyCalling(concurrency: number): string {
  return [
    'import "./lib/convert.momoflow"',
    "workflow nightly {",
    `  concurrency: ${concurrency}`,
    "  step all {",
    "    run: workflow convert_all()",
    "  }",
    "}",
    "",
  ].join("\n");
}
