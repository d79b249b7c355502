import type { OpenApiInfo } from '@vigil/observability';

export const detectionOpenApi: OpenApiInfo = {
  title: 'Vigil detection',
  description:
    'Rule management for SOC rule authors and administrators (Authorization: Bearer <token>): Sigma rules ' +
    'and correlation rules with versions, import, test against events, and backtest over stored events. ' +
    'Every change reaches every detection instance within seconds through vigil.rules.v1.',
};
