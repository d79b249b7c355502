/**
 * A processing pipeline, in the spirit of pySigma's: data that says, per Sigma logsource, which
 * events a rule can apply to (conditions) and where each Sigma field lives in those events.
 */
export interface Pipeline {
  name: string;
  description?: string;
  /** Paths tried, in order, for a Sigma field no mapping names; `{field}` is the field name. */
  fieldDefaults: string[];
  /** Pipeline-wide field mapping: Sigma field → event paths (first present wins). */
  fields: Record<string, string[]>;
  /** Where keyword searches look; empty: every string in the event. */
  keywordFields: string[];
  logsources: PipelineLogsource[];
}

export type PipelineConditionValue = string | number | boolean;
export type PipelineCondition = Record<string, PipelineConditionValue[]>;

export interface PipelineLogsource {
  /** Unique within the pipeline; names the rule variant in explanations. */
  name: string;
  /** The rule logsource attributes this entry applies to (each equal to the rule's, or to one of a list). */
  logsource: Record<string, string[]>;
  /**
   * Detection-style maps (`field|modifiers` → value or list): an event must satisfy every entry
   * of at least one map. Empty: every event.
   */
  conditions: PipelineCondition[];
  /** Field mapping for rules of this logsource, over the pipeline-wide one. */
  fields: Record<string, string[]>;
  /** Replaces the pipeline's field defaults for this logsource. */
  fieldDefaults?: string[];
}
