import { ROLES } from '@vigil/auth';
import { Ajv, type ErrorObject, type JSONSchemaType } from 'ajv';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CATEGORIES, INCIDENT_TIMES } from '../../incidents/domain/incident';
import type { GroupingRule } from '../../incidents/domain/grouping-rule';
import type { Playbook } from '../domain/playbook';
import type { WorkflowData } from '../domain/workflow-data';
import { REQUIREMENTS, workflowProblems, type Workflow } from '../domain/workflow';

// From the sources (apps/incidents/src/workflow/infrastructure) and from the build (dist/...).
const CANDIDATE_DIRS = [
  path.resolve(__dirname, '../../../workflow'),
  path.resolve(__dirname, '../../../../../../apps/incidents/workflow'),
];

/** The directory of `VIGIL_INCIDENTS_WORKFLOW_DIR`: `default` is the one shipped with Vigil. */
export function workflowDirectory(setting: string): string {
  if (setting !== 'default') return setting;
  const found = CANDIDATE_DIRS.find((dir) => existsSync(path.join(dir, 'workflow.yml')));
  if (!found) throw new Error(`shipped workflow not found (looked in ${CANDIDATE_DIRS.join(', ')})`);
  return found;
}

/** A data file that cannot be used: the file and every problem, each naming its field. */
export class WorkflowDataError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'WorkflowDataError';
  }
}

const text = { type: 'string', minLength: 1, maxLength: 500 } as const;
const textList = { type: 'array', items: text, maxItems: 100 } as const;
const oneOrMany = { anyOf: [text, { ...textList, minItems: 1 }] } as const;

interface WorkflowFile {
  version: 1;
  initial: string;
  states: { id: string; vi: string; en: string; terminal?: boolean }[];
  transitions: {
    from: string | string[];
    to: string;
    roles: string[];
    requires?: string[];
    stamps?: string[];
    classifies?: boolean;
  }[];
}

const workflowSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'initial', 'states', 'transitions'],
  properties: {
    version: { const: 1 },
    initial: text,
    states: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'vi', 'en'],
        properties: {
          id: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,62}$' },
          vi: text,
          en: text,
          terminal: { type: 'boolean' },
        },
      },
    },
    transitions: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['from', 'to', 'roles'],
        properties: {
          from: oneOrMany,
          to: text,
          roles: { type: 'array', minItems: 1, items: { enum: ROLES } },
          requires: { type: 'array', items: { enum: REQUIREMENTS } },
          stamps: { type: 'array', items: { enum: INCIDENT_TIMES } },
          classifies: { type: 'boolean' },
        },
      },
    },
  },
} as const;

interface PlaybookFile {
  category: string;
  tasks: { title: string; assignee: 'responders' | 'agency'; due_minutes: number; checklist?: string[] }[];
}

const playbookSchema: JSONSchemaType<PlaybookFile> = {
  type: 'object',
  additionalProperties: false,
  required: ['category', 'tasks'],
  properties: {
    category: { type: 'string', enum: [...CATEGORIES] },
    tasks: {
      type: 'array',
      maxItems: 200,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['title', 'assignee', 'due_minutes'],
        properties: {
          title: text,
          assignee: { type: 'string', enum: ['responders', 'agency'] },
          due_minutes: { type: 'integer', minimum: 0, maximum: 525_600 },
          checklist: { ...textList, nullable: true },
        },
      },
    },
  },
};

interface GroupingFile {
  version: 1;
  rules: {
    name: string;
    description?: string;
    match: { rule_ids?: string[]; levels?: string[]; tags?: string[] };
    group_by: string[];
    window_minutes: number;
    incident: { title: string; category?: string };
  }[];
}

const groupingSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'rules'],
  properties: {
    version: { const: 1 },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'match', 'group_by', 'window_minutes', 'incident'],
        properties: {
          name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
          description: text,
          match: {
            type: 'object',
            additionalProperties: false,
            properties: { rule_ids: textList, levels: textList, tags: textList },
          },
          group_by: { ...textList, minItems: 1, maxItems: 10 },
          window_minutes: { type: 'integer', minimum: 1, maximum: 10_080 },
          incident: {
            type: 'object',
            additionalProperties: false,
            required: ['title'],
            properties: { title: text, category: { enum: CATEGORIES } },
          },
        },
      },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });

function problemsOf(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const where = error.instancePath === '' ? '(top)' : error.instancePath.slice(1).replaceAll('/', '.');
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
    const extra = (error.params as { additionalProperty?: string }).additionalProperty;
    return `${where}: ${error.message ?? 'invalid'}${allowed ? ` (${allowed.join(', ')})` : ''}${extra ? ` "${extra}"` : ''}`;
  });
}

// The schema guarantees T; ajv's type guard carries it.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
function readYaml<T>(file: string, schema: object): T {
  let document: unknown;
  try {
    document = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new WorkflowDataError(file, [`cannot be read as YAML: ${(error as Error).message}`]);
  }
  const validate = ajv.compile<T>(schema);
  if (!validate(document)) throw new WorkflowDataError(file, problemsOf(validate.errors));
  return document;
}

export function loadWorkflow(file: string): Workflow {
  const data = readYaml<WorkflowFile>(file, workflowSchema);
  const workflow: Workflow = {
    initial: data.initial,
    states: data.states.map((state) => ({ ...state, terminal: state.terminal ?? false })),
    transitions: data.transitions.map((transition) => ({
      from: typeof transition.from === 'string' ? [transition.from] : transition.from,
      to: transition.to,
      roles: transition.roles as Workflow['transitions'][number]['roles'],
      requires: (transition.requires ?? []) as Workflow['transitions'][number]['requires'],
      stamps: (transition.stamps ?? []) as Workflow['transitions'][number]['stamps'],
      classifies: transition.classifies ?? false,
    })),
  };
  const problems = workflowProblems(workflow);
  if (problems.length > 0) throw new WorkflowDataError(file, problems);
  return workflow;
}

export function loadPlaybook(file: string): Playbook {
  const data = readYaml<PlaybookFile>(file, playbookSchema);
  return {
    category: data.category,
    tasks: data.tasks.map((task) => ({
      title: task.title,
      assignee: task.assignee,
      dueMinutes: task.due_minutes,
      checklist: task.checklist ?? [],
    })),
  };
}

export function loadGroupingRules(file: string): GroupingRule[] {
  const data = readYaml<GroupingFile>(file, groupingSchema);
  const names = new Set<string>();
  const rules = data.rules.map((rule, index): GroupingRule => {
    if (names.has(rule.name))
      throw new WorkflowDataError(file, [`rules.${index}.name: "${rule.name}" is used twice`]);
    names.add(rule.name);
    return {
      name: rule.name,
      description: rule.description,
      match: { ruleIds: rule.match.rule_ids, levels: rule.match.levels, tags: rule.match.tags },
      groupBy: rule.group_by,
      windowMinutes: rule.window_minutes,
      incident: {
        title: rule.incident.title,
        category: rule.incident.category as GroupingRule['incident']['category'],
      },
    };
  });
  return rules;
}

/**
 * Loads `workflow.yml`, `grouping.yml` (optional: no automatic grouping without it) and
 * `playbooks/*.yml` from one directory. Throws naming the file and the field on any problem, so
 * the service stops at start-up rather than run a workflow nobody wrote.
 */
export function loadWorkflowData(dir: string): WorkflowData {
  const workflow = loadWorkflow(path.join(dir, 'workflow.yml'));
  const groupingFile = path.join(dir, 'grouping.yml');
  const groupingRules = existsSync(groupingFile) ? loadGroupingRules(groupingFile) : [];
  const playbooks = new Map<string, Playbook>();
  const playbookDir = path.join(dir, 'playbooks');
  const files = existsSync(playbookDir)
    ? readdirSync(playbookDir)
        .filter((name) => /\.ya?ml$/.test(name))
        .sort()
    : [];
  for (const name of files) {
    const file = path.join(playbookDir, name);
    const playbook = loadPlaybook(file);
    if (playbooks.has(playbook.category))
      throw new WorkflowDataError(file, [`category: a playbook for "${playbook.category}" exists already`]);
    playbooks.set(playbook.category, playbook);
  }
  return { workflow, playbooks, groupingRules };
}
