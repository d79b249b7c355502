/** What can go wrong when reading the audit trail, as stable codes with their HTTP status. */
export const AuditErrorCode = {
  ChainNotFound: 'audit_chain_not_found',
} as const;
export type AuditErrorCode = (typeof AuditErrorCode)[keyof typeof AuditErrorCode];

const STATUS: Record<AuditErrorCode, number> = { audit_chain_not_found: 404 };

export class AuditError extends Error {
  readonly httpStatus: number;

  constructor(
    readonly code: AuditErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuditError';
    this.httpStatus = STATUS[code];
  }
}
