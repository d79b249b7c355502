import { IngestionError, IngestionErrorCode } from '../../common/domain/ingestion.error';
import { parseCidr } from './agency';

/**
 * An information system (hệ thống thông tin) of an agency, with its security level (cấp độ 1–5).
 * The level drives incident severity and which systems owe a yearly drill.
 */
export interface InformationSystem {
  id: string;
  name: string;
  securityLevel: 1 | 2 | 3 | 4 | 5;
  owner: string;
  operator: string;
  hostnames: string[];
  addressRanges: string[];
  /** On the list of critical national information systems. */
  critical: boolean;
}

const SYSTEM_ID = /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/;

export function assertValidSystem(system: InformationSystem): void {
  if (!SYSTEM_ID.test(system.id)) {
    throw new IngestionError(
      IngestionErrorCode.InvalidRequest,
      `system id "${system.id}" must be lowercase letters, digits or dashes`,
    );
  }
  if (![1, 2, 3, 4, 5].includes(system.securityLevel)) {
    throw new IngestionError(
      IngestionErrorCode.InvalidRequest,
      `security level must be 1–5, got ${String(system.securityLevel)}`,
    );
  }
  for (const range of system.addressRanges) parseCidr(range);
}
