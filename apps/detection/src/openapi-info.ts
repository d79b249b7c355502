import type { OpenApiInfo } from '@vigil/observability';

export const detectionOpenApi: OpenApiInfo = {
  title: 'Vigil detection',
  description:
    'Rule management (Authorization: Bearer <access or personal token>; rules:read for every SOC role, ' +
    'write and test for rule authors, delete and import for administrators): Sigma rules ' +
    'and correlation rules with versions, import, test against events, and backtest over stored events. ' +
    'Every change reaches every detection instance within seconds through vigil.rules.v1.',
};
