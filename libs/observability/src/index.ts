/**
 * @vigil/observability — what every service shows operators: structured JSON logs (pino),
 * Prometheus `/metrics`, liveness and readiness (`/health/live`, `/health/ready`), the common
 * HTTP error filter (every unexpected 500 carries a logged error id), and service bootstrap.
 */
export * from './observability.module';
export * from './health.controller';
export * from './metrics.controller';
export * from './http-exception.filter';
export * from './bootstrap';
export * from './service-infrastructure';
export * from './start-service';
export * from './http-server-settings';
export * from './openapi';
