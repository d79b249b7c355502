import { REPORT_LABELS, type ReportLanguage } from './report-labels';
import type { Report, ReportContent } from './report';

/** Reports state Vietnamese time, whatever the server's zone. */
export const REPORT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Every value in a report may come from an attacker (a URL, a host name): always escaped. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

export function formatReportTime(iso: string | undefined, language: ReportLanguage): string {
  if (!iso) return REPORT_LABELS[language].none;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return escapeHtml(iso);
  return new Intl.DateTimeFormat(REPORT_LABELS[language].locale, {
    timeZone: REPORT_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date);
}

const row = (label: string, value: string): string =>
  `<tr><th>${escapeHtml(label)}</th><td>${value}</td></tr>`;
const text = (value: string | undefined, none: string): string =>
  value?.trim()
    ? `<div class="text">${escapeHtml(value)}</div>`
    : `<span class="none">${escapeHtml(none)}</span>`;

const STYLE = `
  @page { size: A4; margin: 18mm 16mm; }
  body { font-family: 'Noto Serif', 'Noto Sans', serif; font-size: 11pt; color: #111; }
  h1 { font-size: 14pt; text-align: center; margin: 0 0 4mm; }
  h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 1px solid #999; }
  .meta { text-align: center; color: #444; margin-bottom: 4mm; }
  .drill { text-align: center; color: #b00; font-weight: bold; border: 2px solid #b00; padding: 2mm; }
  table { width: 100%; border-collapse: collapse; table-layout: fixed; }
  th, td { border: 1px solid #bbb; padding: 1.5mm 2mm; vertical-align: top; text-align: left;
    overflow-wrap: anywhere; word-break: break-word; }
  th { background: #f2f2f2; width: 32%; font-weight: 600; }
  table.grid th { width: auto; }
  .text { white-space: pre-wrap; }
  .none { color: #777; font-style: italic; }
  .note { color: #555; font-size: 9pt; margin-top: 6mm; }
`;

/**
 * The printable report: a self-contained HTML page (no script, no external resource) that
 * headless Chromium turns into a PDF. Every value is escaped.
 */
export function renderReportHtml(
  report: Report,
  language: ReportLanguage,
  /** The workflow's state names (workflow.yml), so the timeline says "Xác nhận tiếp nhận", not "acknowledged". */
  stateNames: ReadonlyMap<string, Record<ReportLanguage, string>> = new Map(),
): string {
  const l = REPORT_LABELS[language];
  const detailOf = (detail: string): string => stateNames.get(detail)?.[language] ?? detail;
  const incident = report.incident;
  const time = (iso: string | undefined): string => escapeHtml(formatReportTime(iso, language));
  const content = (field: keyof ReportContent): string =>
    row(l.fields[field] ?? field, text(report.content[field], l.none));

  const systems = incident.systems.length
    ? `<table class="grid"><tr><th>${l.fields.systemName}</th><th>${l.fields.securityLevel}</th><th>${l.fields.owner}</th><th>${l.fields.operator}</th></tr>${incident.systems
        .map(
          (system) =>
            `<tr><td>${escapeHtml(system.name)}</td><td>${system.securityLevel}${system.critical ? ' *' : ''}</td><td>${escapeHtml(system.owner ?? '')}</td><td>${escapeHtml(system.operator ?? '')}</td></tr>`,
        )
        .join('')}</table>`
    : text(undefined, l.none);
  const indicators = incident.observables.length
    ? `<table class="grid"><tr><th>${l.fields.type}</th><th>${l.fields.value}</th><th>${l.fields.tlp}</th></tr>${incident.observables
        .map(
          (observable) =>
            `<tr><td>${escapeHtml(observable.type)}</td><td>${escapeHtml(observable.value)}</td><td>TLP:${escapeHtml(observable.tlp.toUpperCase())}</td></tr>`,
        )
        .join('')}</table>`
    : text(undefined, l.none);
  const timeline = report.timeline.length
    ? `<table class="grid"><tr><th>${l.fields.at}</th><th>${l.fields.action}</th><th>${l.fields.by}</th></tr>${report.timeline
        .map(
          (entry) =>
            `<tr><td>${time(entry.at)}</td><td>${escapeHtml(l.actions[entry.action] ?? entry.action)}${entry.detail ? `: ${escapeHtml(detailOf(entry.detail))}` : ''}</td><td>${escapeHtml(entry.by)}</td></tr>`,
        )
        .join('')}</table>`
    : '';
  const final = report.kind === 'final';

  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(report.id)}</title><style>${STYLE}</style></head>
<body>
${report.drill ? `<p class="drill">${escapeHtml(l.drill)}</p>` : ''}
<h1>${escapeHtml(l.title[report.kind])}</h1>
<p class="meta">${escapeHtml(l.fields.reportId)}: ${escapeHtml(report.id)}</p>
<h2>${escapeHtml(l.sections.unit)}</h2>
<table>
${row(l.fields.reportingUnit, escapeHtml(report.reportingUnit))}
${row(l.fields.agency, escapeHtml(report.incident.agencyName ? `${report.incident.agencyName} (${report.agencyId})` : report.agencyId))}
${row(l.fields.createdAt, time(report.createdAt))}
${row(l.fields.createdBy, escapeHtml(report.createdBy.name))}
</table>
<h2>${escapeHtml(l.sections.incident)}</h2>
<table>
${row(l.fields.incidentId, escapeHtml(incident.id))}
${row(l.fields.title, escapeHtml(incident.title))}
${row(l.fields.description, text(incident.description, l.none))}
${row(l.fields.category, escapeHtml(incident.category ? (l.category[incident.category] ?? incident.category) : l.none))}
${row(l.fields.priority, escapeHtml(incident.priority))}
${row(l.fields.legalClass, escapeHtml(l.legalClass[incident.legalClass] ?? incident.legalClass))}
${row(l.fields.suspectedSerious, incident.suspectedSerious ? l.yes : l.no)}
${row(l.fields.impacts, escapeHtml(incident.impacts.map((impact) => l.impact[impact] ?? impact).join(', ') || l.none))}
${content('detectionSource')}
${content('impact')}
</table>
<h2>${escapeHtml(l.sections.systems)}</h2>
${systems}
<h2>${escapeHtml(l.sections.times)}</h2>
<table>
${(['occurred', 'detected', 'reported', 'contained', 'closed'] as const).map((key) => row(l.times[key] ?? key, time(incident.times[key]))).join('\n')}
</table>
<h2>${escapeHtml(l.sections.indicators)}</h2>
${indicators}
<h2>${escapeHtml(l.sections.response)}</h2>
<table>
${content('actions')}
${content('helpRequested')}
</table>
${
  final
    ? `<h2>${escapeHtml(l.sections.final)}</h2><table>${content('cause')}${content('damage')}${content('remediation')}${content('lessons')}</table>
<h2>${escapeHtml(l.sections.timeline)}</h2>${timeline}`
    : ''
}
<p class="note">${escapeHtml(l.timeZoneNote)}</p>
</body></html>`;
}
