import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { APP_FILTER, ModuleRef } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { SERVICE_CONFIG, type ServiceConfig } from '@vigil/config';
import { LoggerModule } from 'nestjs-pino';
import { HealthController, READINESS_CHECKS, type ReadinessCheck } from './health.controller';
import { HttpErrorFilter } from './http-exception.filter';
import { MetricsController } from './metrics.controller';

@Module({})
export class ObservabilityModule {
  /**
   * JSON logs (pino), `/metrics`, `/health/live` and `/health/ready`. `readiness` lists the
   * health indicators (from the messaging, search and redis libs) the service depends on.
   * The common HTTP error filter is registered here, so an app built from these modules (a test's
   * too, not only one started by bootstrapService) answers context errors with their status.
   */
  static forRoot(options: { service: string; readiness: Type<ReadinessCheck>[] }): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [
        TerminusModule.forRoot({ logger: false }),
        LoggerModule.forRootAsync({
          inject: [SERVICE_CONFIG],
          useFactory: (config: ServiceConfig) => ({
            pinoHttp: {
              level: config.logLevel,
              base: { service: options.service },
              redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'],
              autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
            },
          }),
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        {
          provide: READINESS_CHECKS,
          inject: [ModuleRef],
          // Resolved at check time: instances fetched while the graph is still being built are placeholders.
          useFactory: (moduleRef: ModuleRef): ReadinessCheck[] =>
            options.readiness.map((indicator) => ({
              check: () => moduleRef.get(indicator, { strict: false }).check(),
            })),
        },
      ],
      exports: [TerminusModule],
    };
  }
}
