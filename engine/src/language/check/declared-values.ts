/**
 * The values a block declares, by kind, as a message names them: a
 * workflow's params and vars, or a command's parameters.
 */
export interface DeclaredValues {
  /** What declares them, as a message says it: `workflow "w"`, `command "greet"`. */
  readonly owner: string;
  /** The word for a param of the owner: `param`, or `parameter` for a command. */
  readonly paramWord: "param" | "parameter";
  /** The names of its params (a command's parameters), in source order. */
  readonly params: () => readonly string[];
  /** The names of its vars, in source order (a command has none). */
  readonly vars: () => readonly string[];
}
