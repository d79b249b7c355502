import { Ajv, type ErrorObject } from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  LEGAL_CLASSES,
  PRIORITIES,
  type LegalClass,
  type Priority,
} from '../../incidents/domain/classification';
import {
  DEADLINE_KINDS,
  parseDuration,
  type DeadlineKind,
  type DeadlineRule,
  type SlaPolicy,
  type WarnLead,
} from '../domain/sla-policy';

// From the sources (apps/incidents/src/deadlines/infrastructure) and from the build (dist/...).
const CANDIDATES = [
  path.resolve(__dirname, '../../../workflow/sla.yml'),
  path.resolve(__dirname, '../../../../../../apps/incidents/workflow/sla.yml'),
];

/** The file of `VIGIL_INCIDENTS_SLA_FILE`: `default` is the one shipped with Vigil. */
export function slaPolicyFile(setting: string): string {
  if (setting !== 'default') return setting;
  const found = CANDIDATES.find((file) => existsSync(file));
  if (!found) throw new Error(`shipped SLA policy not found (looked in ${CANDIDATES.join(', ')})`);
  return found;
}

/** An SLA policy file that cannot be used: the file and every problem, each naming its field. */
export class SlaPolicyError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'SlaPolicyError';
  }
}

const duration = { type: 'string', pattern: '^\\s*0*[1-9]\\d{0,5}[smhd]\\s*$' } as const;
const warnBefore = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['percent'],
      properties: { percent: { type: 'number', minimum: 0, maximum: 100 } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['minutes'],
      properties: { minutes: { type: 'integer', minimum: 0, maximum: 525_600 } },
    },
  ],
} as const;
const name = { type: 'string', pattern: '^[a-z][a-z0-9-]{0,62}$' } as const;
const names = { type: 'array', items: name, maxItems: 50 } as const;
const byKey = (keys: readonly string[]) =>
  ({
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(keys.map((key) => [key, duration])),
  }) as const;

const rule = {
  type: 'object',
  additionalProperties: false,
  required: ['team'],
  properties: {
    team: name,
    window: duration,
    by_priority: byKey(PRIORITIES),
    by_legal_class: byKey(LEGAL_CLASSES),
    warn_before: warnBefore,
    met_by_reports: names,
  },
} as const;

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'warn_before', 'deadlines'],
  properties: {
    version: { const: 1 },
    warn_before: warnBefore,
    alert_priority: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        ['informational', 'low', 'medium', 'high', 'critical'].map((level) => [level, { enum: PRIORITIES }]),
      ),
    },
    waiting_states: {
      type: 'object',
      additionalProperties: false,
      properties: { alert: names, incident: names },
    },
    response_ends_at_state: name,
    stop_states: names,
    deadlines: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(DEADLINE_KINDS.map((kind) => [kind, rule])),
    },
  },
} as const;

interface RuleFile {
  team: string;
  window?: string;
  by_priority?: Partial<Record<Priority, string>>;
  by_legal_class?: Partial<Record<LegalClass, string>>;
  warn_before?: WarnLead;
  met_by_reports?: string[];
}

interface PolicyFile {
  version: 1;
  warn_before: WarnLead;
  alert_priority?: Partial<Record<string, Priority>>;
  waiting_states?: { alert?: string[]; incident?: string[] };
  response_ends_at_state?: string;
  stop_states?: string[];
  deadlines: Partial<Record<DeadlineKind, RuleFile>>;
}

const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile<PolicyFile>(schema);

function problemsOf(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const where = error.instancePath === '' ? '(top)' : error.instancePath.slice(1).replaceAll('/', '.');
    const extra = (error.params as { additionalProperty?: string }).additionalProperty;
    return `${where}: ${error.message ?? 'invalid'}${extra ? ` "${extra}"` : ''}`;
  });
}

/** The policy in a YAML text; `file` names it in errors. */
export function parseSlaPolicy(text: string, file: string): SlaPolicy {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new SlaPolicyError(file, [`cannot be read as YAML: ${(error as Error).message}`]);
  }
  if (!validate(document)) throw new SlaPolicyError(file, problemsOf(validate.errors));
  const deadlines: Partial<Record<DeadlineKind, DeadlineRule>> = {};
  for (const kind of DEADLINE_KINDS) {
    const entry = document.deadlines[kind];
    if (entry !== undefined) deadlines[kind] = ruleOf(entry);
  }
  return {
    warnBefore: document.warn_before,
    alertPriority: document.alert_priority ?? {},
    waitingStates: {
      alert: document.waiting_states?.alert ?? ['new'],
      incident: document.waiting_states?.incident ?? ['received'],
    },
    responseEndsAtState: document.response_ends_at_state ?? 'final-report',
    stopStates: document.stop_states ?? ['closed', 'not-an-incident', 'duplicate'],
    deadlines,
  };
}

export function loadSlaPolicy(setting: string): SlaPolicy {
  const file = slaPolicyFile(setting);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SlaPolicyError(file, [`cannot be read: ${(error as Error).message}`]);
  }
  return parseSlaPolicy(text, file);
}

function ruleOf(entry: RuleFile): DeadlineRule {
  const durations = <K extends string>(
    map: Partial<Record<K, string>> | undefined,
  ): Partial<Record<K, number>> =>
    Object.fromEntries(
      Object.entries<string | undefined>(map ?? {}).flatMap(([key, text]) => {
        const ms = text === undefined ? undefined : parseDuration(text);
        return ms === undefined ? [] : [[key, ms]];
      }),
    ) as Partial<Record<K, number>>;
  const windowMs = entry.window === undefined ? undefined : parseDuration(entry.window);
  return {
    team: entry.team,
    ...(windowMs === undefined ? {} : { windowMs }),
    byPriority: durations(entry.by_priority),
    byLegalClass: durations(entry.by_legal_class),
    ...(entry.warn_before === undefined ? {} : { warnBefore: entry.warn_before }),
    metByReports: entry.met_by_reports ?? [],
  };
}
