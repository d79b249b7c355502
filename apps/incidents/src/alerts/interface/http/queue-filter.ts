import type { QueueFilter } from '../../application/alert-queue.repository';
import type { QueueFilterQueryDto } from './queue.dto';

export const DEFAULT_PAGE = 50;

/** The query string's filters as the repository takes them. */
export function queueFilterOf(query: QueueFilterQueryDto): QueueFilter {
  return {
    ruleIds: query.rule,
    organizationIds: query.agency,
    hosts: query.host,
    sourceIps: query.source,
    levels: query.level,
    states: query.state,
    assigneeIds: query.assignee,
    from: query.from,
    to: query.to,
  };
}

/** Ids longer than Elasticsearch takes can name nothing stored. */
export const MAX_ID_CHARS = 512;
