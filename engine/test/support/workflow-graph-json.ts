import assert from "node:assert/strict";
import Ajv from "ajv";
import graphSchema from "../../../schemas/workflow-graph.schema.json";

/** `stdout` of `momoflow graph --format json`, held to schemas/workflow-graph.schema.json. */
export function validGraphJson<T>(stdout: string): T {
  const graph: unknown = JSON.parse(stdout);
  const ajv = new Ajv({ allErrors: true, strict: false });
  assert.ok(ajv.validate(graphSchema, graph), `${ajv.errorsText()}\n${stdout}`);
  return graph as T;
}
