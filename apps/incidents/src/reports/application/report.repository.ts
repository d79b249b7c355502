import type { AgencyScope } from '@vigil/auth';
import type { Report } from '../domain/report';

/** Reports as written (a report is never edited: a correction is the next report). */
export abstract class ReportRepository {
  /** False when a report with that id exists already (another writer took the number). */
  abstract create(report: Report): Promise<boolean>;
  abstract get(id: string, scope: AgencyScope): Promise<Report | undefined>;
  /** An incident's reports, oldest first. */
  abstract ofIncident(incidentId: string, scope: AgencyScope): Promise<Report[]>;
}

/** Turns a self-contained HTML page into a PDF (headless Chromium). */
export abstract class PdfRenderer {
  abstract render(html: string): Promise<Buffer>;
}
