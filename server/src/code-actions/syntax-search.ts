import type {
  CallExpression,
  Expression,
  ParamDeclaration,
  Property,
  Range,
  SourceFile,
  StepDeclaration,
  TestDeclaration,
  VarDeclaration,
  WorkflowDeclaration,
} from "@momoflow/language";
import { sameRange } from "./document-text";

/**
 * Finds the nodes a diagnostic is about in the current tree, by the range the
 * checker reported. The tree may be partial (the parser recovers from syntax
 * errors), so every field is read as possibly missing.
 */

/** Every expression of the file, nested ones included, in source order. */
function* expressions(file: SourceFile): Generator<Expression> {
  const values: (Expression | undefined)[] = [];
  const fromProperties = (properties: readonly Property[] | undefined): void => {
    for (const property of properties ?? []) values.push(property?.value);
  };
  const fromParams = (params: readonly ParamDeclaration[] | undefined): void => {
    for (const param of params ?? []) values.push(param?.default);
  };
  for (const command of file.commands ?? []) {
    fromParams(command?.params);
    fromProperties(command?.properties);
  }
  for (const workflow of file.workflows ?? []) {
    fromProperties(workflow?.properties);
    fromParams(workflow?.params);
    for (const v of workflow?.vars ?? []) values.push(v?.value);
    for (const step of workflow?.steps ?? []) fromProperties(step?.properties);
  }
  for (const test of file.tests ?? []) {
    fromProperties(test?.properties);
    for (const expect of test?.expects ?? []) values.push(expect?.value);
  }
  const stack = values.filter((v): v is Expression => v !== undefined).reverse();
  while (stack.length > 0) {
    const expr = stack.pop()!;
    yield expr;
    const children: (Expression | undefined)[] = [];
    switch (expr.kind) {
      case "list":
        children.push(...(expr.items ?? []));
        break;
      case "map":
        for (const entry of expr.entries ?? []) children.push(entry?.value);
        break;
      case "call":
        for (const arg of expr.args ?? []) children.push(arg?.value);
        break;
      case "binary":
        children.push(expr.left, expr.right);
        break;
      case "not":
        children.push(expr.operand);
        break;
      default:
        break;
    }
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
}

const rangeKey = (r: Range): string =>
  `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

/** Calls by the range of their command name, built once per tree (a file may have many). */
const callIndexes = new WeakMap<SourceFile, Map<string, CallExpression>>();

/** The call whose command name is at `range` (MF005, MF006 "missing argument"). */
export function callAt(file: SourceFile, range: Range): CallExpression | undefined {
  let index = callIndexes.get(file);
  if (!index) {
    index = new Map();
    for (const expr of expressions(file)) {
      if (expr.kind !== "call" || !expr.callee?.range) continue;
      const key = rangeKey(expr.callee.range);
      if (!index.has(key)) index.set(key, expr);
    }
    callIndexes.set(file, index);
  }
  return index.get(rangeKey(range));
}

/** The workflow and step whose `needs` names a step at `range` (MF002 in `needs`). */
export function stepNeedingAt(
  file: SourceFile,
  range: Range,
): { workflow: WorkflowDeclaration; step: StepDeclaration } | undefined {
  for (const workflow of file.workflows ?? []) {
    for (const step of workflow?.steps ?? []) {
      for (const property of step?.properties ?? []) {
        if (property?.name?.text !== "needs" || !property.value) continue;
        const items = property.value.kind === "list" ? property.value.items : [property.value];
        for (const item of items ?? []) {
          if (item?.kind !== "ref") continue;
          if (item.segments?.some((s) => s?.range && sameRange(s.range, range)))
            return { workflow, step };
        }
      }
    }
  }
  return undefined;
}

/** The test a "missing params" MF006 is on: at its `params` key, or at its name when it has none. */
export function testMissingParamsAt(
  file: SourceFile,
  range: Range,
): { test: TestDeclaration; params: Property | undefined } | undefined {
  for (const test of file.tests ?? []) {
    const params = test?.properties?.find(
      (p) => p?.name?.text === "params" && p.name.range && sameRange(p.name.range, range),
    );
    if (params) return { test, params };
    if (test?.name?.range && sameRange(test.name.range, range)) return { test, params: undefined };
  }
  return undefined;
}

/** The workflow `param` or `var` declared over exactly `range` (MF012). */
export function valueDeclarationAt(
  file: SourceFile,
  range: Range,
): ParamDeclaration | VarDeclaration | undefined {
  for (const workflow of file.workflows ?? []) {
    for (const decl of [...(workflow?.params ?? []), ...(workflow?.vars ?? [])]) {
      if (decl?.range && sameRange(decl.range, range)) return decl;
    }
  }
  return undefined;
}
