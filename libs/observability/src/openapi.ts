import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

export interface OpenApiInfo {
  title: string;
  description: string;
  version?: string;
}

/** The OpenAPI document of a service's HTTP API, from its controllers and DTOs. */
export function openApiDocument(app: INestApplication, info: OpenApiInfo): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription(info.description)
    .setVersion(info.version ?? '1')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT or vgp_ token',
        description:
          'A Vigil access token (JWT, EdDSA, 15 min, from POST /v1/auth/login or /v1/auth/refresh on ingestion), ' +
          'a personal API token (vgp_…), or an access token of the configured OpenID Provider. ' +
          'Each route names the permission it needs; the roles holding it are in the README.',
      },
      'bearer',
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-API-Key',
        description:
          "An agency's machine key (vgl_…), for log intake and the agency's own ingest health only",
      },
      'agency-key',
    )
    .build();
  return SwaggerModule.createDocument(app, config);
}
