/** What can go wrong with reports, as stable codes with their HTTP status. */
export const ReportsErrorCode = {
  InvalidRequest: 'invalid_request',
  Forbidden: 'forbidden',
  ReportNotFound: 'report_not_found',
  DeliveryNotFound: 'delivery_not_found',
  IncompleteReport: 'report_incomplete',
  RenderingUnavailable: 'rendering_unavailable',
  DrillNotExported: 'drill_not_exported',
  ExportNotConfigured: 'export_not_configured',
} as const;
export type ReportsErrorCode = (typeof ReportsErrorCode)[keyof typeof ReportsErrorCode];

const STATUS: Record<ReportsErrorCode, number> = {
  invalid_request: 400,
  forbidden: 403,
  report_not_found: 404,
  delivery_not_found: 404,
  report_incomplete: 422,
  rendering_unavailable: 503,
  drill_not_exported: 422,
  export_not_configured: 503,
};

export class ReportsError extends Error {
  readonly httpStatus: number;

  constructor(
    readonly code: ReportsErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ReportsError';
    this.httpStatus = STATUS[code];
  }

  /** Out of scope and absent answer alike. */
  static notFound(id: string): ReportsError {
    return new ReportsError(ReportsErrorCode.ReportNotFound, `report "${id}" does not exist`);
  }
}
