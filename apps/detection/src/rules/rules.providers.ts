import type { Provider, Type } from '@nestjs/common';

/** Rule management (records in Elasticsearch, HTTP API, changes on vigil.rules.v1). */
export const rulesProviders: Provider[] = [];

export const rulesControllers: Type[] = [];
