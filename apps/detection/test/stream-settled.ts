import { Topics, type AlertV1 } from '@vigil/contracts';
import type { KafkaConnection } from '@vigil/messaging';
import { eventually } from '@vigil/testing';

/**
 * Resolves once detection has committed every event on vigil.events.v1 (it commits a batch only
 * after its alerts are published) and `alerts` holds every alert message in vigil.alerts.v1. Alerts
 * are keyed by id, so they spread over partitions and arrive in any order: seeing one alert does
 * not mean the alerts published before or with it have been read.
 */
export async function streamSettled(connection: KafkaConnection, alerts: readonly AlertV1[]): Promise<void> {
  const events = connection.topic(Topics.EventsV1);
  await eventually(
    () =>
      connection.withAdmin(async (admin) => {
        const ends = await admin.fetchTopicOffsets(events);
        const committed = (
          await admin.fetchOffsets({ groupId: connection.group('detection'), topics: [events] })
        ).at(0);
        return ends.every(
          (end) =>
            Number(end.high) === 0 ||
            committed?.partitions.find((p) => p.partition === end.partition)?.offset === end.high,
        );
      }),
    { timeoutMs: 90000, intervalMs: 200 },
  );
  const published = connection.topic(Topics.AlertsV1);
  await eventually(
    () =>
      connection.withAdmin(async (admin) => {
        const ends = await admin.fetchTopicOffsets(published);
        return alerts.length >= ends.reduce((sum, end) => sum + Number(end.high), 0);
      }),
    { timeoutMs: 30000, intervalMs: 200 },
  );
}
