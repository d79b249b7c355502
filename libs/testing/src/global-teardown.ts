import type { StartedTestContainer } from 'testcontainers';

/** Stops the containers global-setup started (only when it had to use Docker). */
export default async function globalTeardown(): Promise<void> {
  const containers = (globalThis as { vigilContainers?: StartedTestContainer[] }).vigilContainers ?? [];
  await Promise.all(containers.map((container) => container.stop()));
}
