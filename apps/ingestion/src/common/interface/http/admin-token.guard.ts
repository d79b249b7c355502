import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { SERVICE_CONFIG } from '@vigil/config';
import type { FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IngestionConfig } from '../../../config';
import { IngestionError, IngestionErrorCode } from '../../domain/ingestion.error';

/** Admin endpoints (directory, dead letters): `Authorization: Bearer <VIGIL_ADMIN_TOKEN>`. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(SERVICE_CONFIG) config: IngestionConfig) {
    this.expected = digest(config.adminToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1] ?? '';
    if (!timingSafeEqual(digest(token), this.expected)) {
      throw new IngestionError(
        IngestionErrorCode.Unauthorized,
        'admin token required (Authorization: Bearer …)',
      );
    }
    return true;
  }
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
