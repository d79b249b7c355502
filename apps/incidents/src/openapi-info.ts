import type { OpenApiInfo } from '@vigil/observability';

export const incidentsOpenApi: OpenApiInfo = {
  title: 'Vigil incidents',
  description:
    'The alert queue and the incident-response workflow (Authorization: Bearer <access or personal token>). ' +
    'alerts:read / alerts:triage for the queue, incidents:read / incidents:respond for incidents; agency ' +
    "users reach only their own agency's data. Every write carries the version the caller read; a stale " +
    'one is answered 409 with the current version.',
};
