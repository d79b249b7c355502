/**
 * Sigma correlation rules (specification v2.1): parsing and load-time validation of
 * `correlation:` documents, and an engine that evaluates them over a stream of base-rule matches
 * with sliding windows kept in a CorrelationStore (in memory here; Redis in the detection service).
 */
export * from './correlation-rule';
export * from './sigma-correlation.error';
export { parseTimespan } from './timespan';
export { isCorrelationDocument, parseCorrelationRule } from './parse-correlation-rule';
export { correlationRulesOf } from './correlation-documents';
export { conditionHolds, judgedAtWindowEnd } from './correlation-condition';
export { CorrelationRuleSet, emitsStandaloneAlerts } from './correlation-rule-set';
export type { CorrelationSubscription, RuleTarget } from './correlation-rule-set';
export { partitionCorrelationRules } from './partition-correlation-rules';
export type { CorrelationRulePartition } from './partition-correlation-rules';
export type {
  AppendOptions,
  AppendResult,
  ClaimedMembers,
  ClaimRecord,
  CorrelationStore,
  StateRequest,
  StateSnapshot,
  WindowDelta,
  WindowEntry,
  WindowMember,
  WindowState,
  WriteRequest,
} from './correlation-store';
export { InMemoryCorrelationStore } from './in-memory-correlation-store';
export type { ClaimedWindow, DueWindow, DueWindowStore } from './due-window-store';
export { InMemoryDueWindowStore } from './in-memory-due-window-store';
export type { CapacityNotice, CorrelationResult } from './correlation-result';
export { agencyPartitionOf, parsePartitionKey, partitionKey } from './correlation-partition';
export type { CorrelationPartition } from './correlation-partition';
export { ConcurrentWindowsError, CorrelationEngine } from './correlation-engine';
export type { CorrelationEngineOptions, CorrelationInput, FireDueOptions } from './correlation-engine';
