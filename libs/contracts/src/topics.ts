import { DAY_MS, type TopicDefinition } from './topic-definition';
import { AlertMessageV1, alertKeyV1, exampleAlertV1, type AlertV1 } from './messages/alert.v1';
import {
  DeadLetterMessageV1,
  deadLetterKeyV1,
  exampleDeadLetterV1,
  type DeadLetterV1,
} from './messages/dead-letter.v1';
import {
  DirectoryRecordMessageV1,
  directoryRecordKeyV1,
  exampleDirectoryRecordV1,
  type DirectoryRecordV1,
} from './messages/directory-record.v1';
import {
  DrillEventMessageV1,
  drillEventKeyV1,
  exampleDrillEventV1,
  type DrillEventV1,
} from './messages/drill-event.v1';
import { EventMessageV1, eventKeyV1, exampleEventV1 } from './messages/event.v1';
import {
  IncidentChangeMessageV1,
  exampleIncidentChangeV1,
  incidentChangeKeyV1,
  type IncidentChangeV1,
} from './messages/incident-change.v1';
import type { NormalizedEvent } from './messages/normalized-event';
import {
  RuleChangeMessageV1,
  exampleRuleChangeV1,
  ruleChangeKeyV1,
  type RuleChangeV1,
} from './messages/rule-change.v1';

/** Every Kafka topic Vigil uses. A breaking change is a new `.v2` entry, never an edit. */
export const Topics = {
  EventsV1: 'vigil.events.v1',
  EventsDlqV1: 'vigil.events.dlq.v1',
  DlqV1: 'vigil.dlq.v1',
  AlertsV1: 'vigil.alerts.v1',
  IncidentsV1: 'vigil.incidents.v1',
  DrillsV1: 'vigil.drills.v1',
  RulesV1: 'vigil.rules.v1',
  DirectoryV1: 'vigil.directory.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/** The payload carried by each topic: `publish(topic, payload)` is checked against it. */
export interface TopicPayloads {
  'vigil.events.v1': NormalizedEvent;
  'vigil.events.dlq.v1': DeadLetterV1;
  'vigil.dlq.v1': DeadLetterV1;
  'vigil.alerts.v1': AlertV1;
  'vigil.incidents.v1': IncidentChangeV1;
  'vigil.drills.v1': DrillEventV1;
  'vigil.rules.v1': RuleChangeV1;
  'vigil.directory.v1': DirectoryRecordV1;
}

export type PayloadOf<T extends TopicName> = TopicPayloads[T];

const deadLetter = {
  partitions: 3,
  cleanupPolicy: 'delete',
  retentionMs: 30 * DAY_MS,
  keyOf: deadLetterKeyV1,
  messageClass: DeadLetterMessageV1,
  example: exampleDeadLetterV1,
} as const;

export const TopicRegistry: { readonly [T in TopicName]: TopicDefinition<PayloadOf<T>> } = {
  'vigil.events.v1': {
    name: Topics.EventsV1,
    description: 'Normalized events from every input; the main stream.',
    partitions: 6,
    cleanupPolicy: 'delete',
    retentionMs: 7 * DAY_MS,
    keyOf: eventKeyV1,
    messageClass: EventMessageV1,
    example: exampleEventV1,
  },
  'vigil.events.dlq.v1': {
    name: Topics.EventsDlqV1,
    description: 'Log input that could not be parsed or indexed: original bytes, reason, stage.',
    ...deadLetter,
  },
  'vigil.dlq.v1': {
    name: Topics.DlqV1,
    description: 'Poison messages from any other consumed topic, with the source topic and offset.',
    ...deadLetter,
  },
  'vigil.alerts.v1': {
    name: Topics.AlertsV1,
    description: 'Alerts raised by detection (rule matches, correlations) and by system checks.',
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: 30 * DAY_MS,
    keyOf: alertKeyV1,
    messageClass: AlertMessageV1,
    example: exampleAlertV1,
  },
  'vigil.incidents.v1': {
    name: Topics.IncidentsV1,
    description: 'Incident change events: the audit stream (who, what, before/after).',
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: 365 * DAY_MS,
    keyOf: incidentChangeKeyV1,
    messageClass: IncidentChangeMessageV1,
    example: exampleIncidentChangeV1,
  },
  'vigil.drills.v1': {
    name: Topics.DrillsV1,
    description: 'Drill run lifecycle events.',
    partitions: 1,
    cleanupPolicy: 'delete',
    retentionMs: 90 * DAY_MS,
    keyOf: drillEventKeyV1,
    messageClass: DrillEventMessageV1,
    example: exampleDrillEventV1,
  },
  'vigil.rules.v1': {
    name: Topics.RulesV1,
    description: 'Rule changes (compacted): the latest version of every rule, for hot reload.',
    partitions: 1,
    cleanupPolicy: 'compact',
    retentionMs: -1,
    keyOf: ruleChangeKeyV1,
    messageClass: RuleChangeMessageV1,
    example: exampleRuleChangeV1,
  },
  'vigil.directory.v1': {
    name: Topics.DirectoryV1,
    description: 'Agencies and information systems (compacted), cached by every service.',
    partitions: 1,
    cleanupPolicy: 'compact',
    retentionMs: -1,
    keyOf: directoryRecordKeyV1,
    messageClass: DirectoryRecordMessageV1,
    example: exampleDirectoryRecordV1,
  },
};

/** Where a consumer sends a poison record read from `topic`. */
export function deadLetterTopicFor(topic: TopicName): 'vigil.events.dlq.v1' | 'vigil.dlq.v1' {
  return topic === Topics.EventsV1 || topic === Topics.EventsDlqV1 ? Topics.EventsDlqV1 : Topics.DlqV1;
}
