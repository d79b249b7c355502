import type { INestApplication } from '@nestjs/common';
import { AgencyDirectory } from '../../apps/ingestion/src/directory/application/agency-directory';
import { BENCH_ADMIN_TOKEN } from './ingestion-service';

/**
 * Registers, through the admin API, an agency whose syslog traffic comes from `cidrs`, with quotas
 * high enough not to be the limit, and waits until the service's directory knows the address.
 */
export async function createSyslogAgency(
  app: INestApplication,
  url: string,
  id: string,
  cidrs: string[],
): Promise<void> {
  const response = await fetch(`${url}/v1/agencies`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      id,
      name: id,
      quotas: { events_per_second: 10_000_000, bytes_per_second: 10_000_000_000 },
      syslog_sources: { cidrs },
    }),
  });
  if (response.status !== 201)
    throw new Error(`agency not created: ${response.status} ${await response.text()}`);
  const directory = app.get(AgencyDirectory);
  const address = cidrs[0]?.split('/')[0] ?? '';
  const deadline = Date.now() + 30_000;
  while (directory.bySourceAddress(address)?.id !== id) {
    if (Date.now() > deadline) throw new Error(`the directory did not learn ${address} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
