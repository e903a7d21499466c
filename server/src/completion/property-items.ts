/**
 * The properties a block accepts, from the checker's property tables, with
 * what their value is and what they are for (the meanings hover shows).
 */
import { CompletionItemKind } from "vscode-languageserver/node";
import {
  COMMAND_PROPERTIES,
  type PropertySpec,
  type PropertyTable,
  STEP_PROPERTIES,
  TEST_PROPERTIES,
  WORKFLOW_PROPERTIES,
} from "@momoflow/language";
import { type PropertyBlock, propertyDoc } from "../presentation/property-docs";
import type { ItemBuilder } from "./item-builder";

/** The property table of a kind of block. */
export function propertyTable(block: PropertyBlock): PropertyTable {
  switch (block) {
    case "workflow":
      return WORKFLOW_PROPERTIES;
    case "step":
      return STEP_PROPERTIES;
    case "command":
      return COMMAND_PROPERTIES;
    case "test":
      return TEST_PROPERTIES;
  }
}

/** What a property's value is, in words. */
function valueText(spec: PropertySpec): string {
  switch (spec.role.kind) {
    case "value":
      return spec.role.expectation.type;
    case "action":
      return "action";
    case "condition":
      return "condition";
    case "step-ids":
      return "step id or list of step ids";
    case "output-format":
      return "json or text";
    case "workflow-name":
      return "workflow name";
    case "params":
      return "map of param values";
  }
}

/** The meaning of a property, and its default. */
function documentation(block: PropertyBlock, name: string): string | undefined {
  const doc = propertyDoc(block, name);
  const parts = [doc.meaning, doc.defaultValue && `Default: \`${doc.defaultValue}\``];
  return parts.filter(Boolean).join("\n\n") || undefined;
}

/** Adds the properties of `block` not in `present`; required ones first. */
export function addProperties(
  builder: ItemBuilder,
  block: PropertyBlock,
  present: ReadonlySet<string>,
): void {
  for (const spec of propertyTable(block).values()) {
    if (present.has(spec.name)) continue;
    builder.add(spec.name, CompletionItemKind.Property, {
      snippet: `${spec.name}: $0`,
      insert: `${spec.name}: `,
      detail: `${spec.name}: ${valueText(spec)}${spec.required ? " (required)" : ""}`,
      documentation: documentation(block, spec.name),
      group: spec.required ? 0 : 1,
    });
  }
}
