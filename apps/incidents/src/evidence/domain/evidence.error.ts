/** What can go wrong with evidence, as stable codes with their HTTP status. */
export const EvidenceErrorCode = {
  InvalidRequest: 'invalid_request',
  EvidenceNotFound: 'evidence_not_found',
  TooLarge: 'evidence_too_large',
  /** The stored file no longer has the hash it was filed under: it was altered or damaged. */
  IntegrityFailed: 'evidence_integrity_failed',
} as const;
export type EvidenceErrorCode = (typeof EvidenceErrorCode)[keyof typeof EvidenceErrorCode];

const STATUS: Record<EvidenceErrorCode, number> = {
  invalid_request: 400,
  evidence_not_found: 404,
  evidence_too_large: 413,
  evidence_integrity_failed: 409,
};

export class EvidenceError extends Error {
  readonly httpStatus: number;

  constructor(
    readonly code: EvidenceErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'EvidenceError';
    this.httpStatus = STATUS[code];
  }

  static notFound(incidentId: string, sha256: string): EvidenceError {
    return new EvidenceError(
      EvidenceErrorCode.EvidenceNotFound,
      `incident "${incidentId}" has no evidence ${sha256.slice(0, 64)}`,
    );
  }
}
