/**
 * A command `greet` whose header line the command-header tests delete as it
 * is edited: written with its parameters on lines of their own under the
 * header (they stay when the header goes), and on one line with them.
 */
export const MULTI_LINE: readonly string[] = [
  "command greet(",
  "  name: string,",
  '  greeting: string = "Hello",',
  ") {",
  '  run: "echo ${greeting} ${name}"',
  "  rollback: none",
  "}",
];

export const SINGLE_LINE: readonly string[] = [
  'command greet(name: string, greeting: string = "Hello") {',
  '  run: "echo ${greeting} ${name}"',
  "  rollback: none",
  "}",
];

/** `command` and a workflow whose step calls `greet`. */
export function withCaller(command: readonly string[]): string {
  return [
    ...command,
    "",
    "workflow w {",
    "  step one {",
    '    run: greet(name: "ann")',
    "  }",
    "}",
    "",
  ].join("\n");
}

/**
 * A library file: the one-line `greet` and a workflow `release` with a
 * required and an optional param — names a caller writes as arguments.
 */
export const GREET_AND_RELEASE_LIB: string = [
  ...SINGLE_LINE,
  "workflow release {",
  "  param part: string",
  "  param dry: bool = false",
  '  step bump { run: "echo ${part} ${dry}" rollback: none }',
  "}",
  "",
].join("\n");
