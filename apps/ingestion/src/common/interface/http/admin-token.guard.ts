import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { SERVICE_CONFIG } from '@vigil/config';
import { BearerTokens } from '@vigil/observability';
import type { FastifyRequest } from 'fastify';
import type { IngestionConfig } from '../../../config';
import { IngestionError, IngestionErrorCode } from '../../domain/ingestion.error';

/** Admin endpoints (directory, dead letters): `Authorization: Bearer <VIGIL_ADMIN_TOKEN>`. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly tokens: BearerTokens<'admin'>;

  constructor(@Inject(SERVICE_CONFIG) config: IngestionConfig) {
    this.tokens = new BearerTokens({ admin: config.adminToken });
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (this.tokens.roleOf(request.headers.authorization) !== 'admin') {
      throw new IngestionError(
        IngestionErrorCode.Unauthorized,
        'admin token required (Authorization: Bearer …)',
      );
    }
    return true;
  }
}
