// The list lives with the metrics it names; tests import it from here as before.
export { REQUIRED_METRIC_FIELDS } from "../../src/runtime/metrics";
