/** What can go wrong with incidents, as stable codes; the HTTP filter maps each to a status. */
export const IncidentsErrorCode = {
  InvalidRequest: 'invalid_request',
  Forbidden: 'forbidden',
  IncidentNotFound: 'incident_not_found',
  AlertNotFound: 'alert_not_found',
  /** The client's version is not the stored one: someone else changed the incident first. */
  VersionConflict: 'version_conflict',
  /** The workflow does not lead from the incident's state to the one asked for. */
  TransitionNotAllowed: 'transition_not_allowed',
  /** The transition exists but a condition it requires is not met (the missing ones listed). */
  TransitionRequirements: 'transition_requirements_unmet',
  NotDissolvable: 'not_dissolvable',
} as const;
export type IncidentsErrorCode = (typeof IncidentsErrorCode)[keyof typeof IncidentsErrorCode];

export class IncidentsError extends Error {
  constructor(
    readonly code: IncidentsErrorCode,
    message: string,
    /** Extra fields for the response body (field, current_version, missing …). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'IncidentsError';
  }

  /** Out of scope and absent answer alike, so a scoped caller learns nothing of other agencies. */
  static notFound(id: string): IncidentsError {
    return new IncidentsError(IncidentsErrorCode.IncidentNotFound, `incident "${id}" does not exist`);
  }

  static invalid(field: string, reason: string): IncidentsError {
    return new IncidentsError(IncidentsErrorCode.InvalidRequest, `${field}: ${reason}`, { field, reason });
  }

  static forbidden(reason: string): IncidentsError {
    return new IncidentsError(IncidentsErrorCode.Forbidden, reason);
  }
}
