import type { GroupingRule } from '../../incidents/domain/grouping-rule';
import type { Playbook } from './playbook';
import type { Workflow } from './workflow';

/** Everything the response workflow reads from data files, loaded once at start-up. */
export interface WorkflowData {
  workflow: Workflow;
  /** By category. */
  playbooks: ReadonlyMap<string, Playbook>;
  groupingRules: GroupingRule[];
}

/** DI token of the loaded WorkflowData. */
export const WORKFLOW_DATA = Symbol('vigil.incidents.workflow-data');
