import { missingContent, type Report } from './report';
import { escapeHtml, formatReportTime, renderReportHtml } from './report-html';

function report(overrides: Partial<Report> = {}): Report {
  return {
    id: 'INC-2026-000042.final.1',
    incidentId: 'INC-2026-000042',
    agencyId: 'so-tttt',
    kind: 'final',
    number: 1,
    reportingUnit: 'Trung tâm Giám sát an toàn thông tin mạng tỉnh',
    createdAt: '2026-12-06T17:30:00.000Z',
    createdBy: { id: 'u-1', name: 'Lê Văn Cường', roles: ['responder'] },
    incident: {
      id: 'INC-2026-000042',
      title: 'Dò mật khẩu SSH vào cổng dịch vụ công',
      description: 'Nhiều lần đăng nhập thất bại từ một địa chỉ.',
      agencyId: 'so-tttt',
      category: 'intrusion',
      priority: 'P2',
      legalClass: 'ordinary',
      suspectedSerious: false,
      state: 'final-report',
      impacts: ['blocked-attempt'],
      systems: [
        {
          id: 'so-tttt/portal',
          name: 'Cổng dịch vụ công',
          securityLevel: 3,
          critical: false,
          owner: 'Sở TT&TT',
        },
      ],
      times: { detected: '2026-12-06T01:05:00.000Z' },
      observables: [{ type: 'ip', value: '203.0.113.7', tlp: 'amber' }],
    },
    content: {
      impact: 'Không gián đoạn dịch vụ.',
      actions: 'Chặn địa chỉ trên tường lửa.',
      cause: 'Mật khẩu yếu',
      damage: 'Không',
      remediation: 'Bật xác thực hai lớp',
      lessons: 'Giám sát sát hơn',
    },
    timeline: [
      { at: '2026-12-06T01:10:00.000Z', action: 'transitioned', by: 'Trần Thị Bình', detail: 'acknowledged' },
    ],
    drill: false,
    ...overrides,
  };
}

describe('report documents', () => {
  it('prints Vietnamese by default with Vietnam time', () => {
    const html = renderReportHtml(report(), 'vi');
    expect(html).toContain('BÁO CÁO KẾT THÚC ỨNG CỨU SỰ CỐ AN TOÀN THÔNG TIN MẠNG');
    expect(html).toContain('Dò mật khẩu SSH vào cổng dịch vụ công');
    expect(html).toContain('Xâm nhập trái phép');
    // 01:05 UTC is 08:05 in Hanoi.
    expect(html).toContain('08:05');
    expect(html).toContain('Bài học kinh nghiệm');
    expect(html).not.toContain('<script');
    expect(
      renderReportHtml(
        report(),
        'vi',
        new Map([['acknowledged', { vi: 'Xác nhận tiếp nhận', en: 'Acknowledged' }]]),
      ),
    ).toContain('Chuyển trạng thái: Xác nhận tiếp nhận');
  });

  it('prints English when asked', () => {
    const html = renderReportHtml(report(), 'en');
    expect(html).toContain('FINAL CYBERSECURITY INCIDENT RESPONSE REPORT');
    expect(html).toContain('Lessons learned');
    expect(formatReportTime('2026-12-06T17:30:00.000Z', 'en')).toBe('07/12/2026, 00:30');
  });

  it('escapes everything an attacker could have written', () => {
    const hostile = '<img src=x onerror=alert(1)>"\'&';
    const html = renderReportHtml(
      report({
        incident: {
          ...report().incident,
          title: hostile,
          observables: [{ type: 'url', value: hostile, tlp: 'clear' }],
        },
        content: { ...report().content, actions: `</td></tr></table><script>fetch('//x')</script>` },
      }),
      'vi',
    );
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>');
    expect(html).toContain(escapeHtml(hostile));
  });

  it('marks a drill report on its first line and leaves the final sections out of other kinds', () => {
    const html = renderReportHtml(report({ drill: true, kind: 'initial', timeline: [] }), 'vi');
    expect(html).toContain('DIỄN TẬP — KHÔNG PHẢI SỰ CỐ THẬT');
    expect(html).toContain('BÁO CÁO BAN ĐẦU');
    expect(html).not.toContain('Bài học kinh nghiệm');
  });

  it('names the fields a report kind still lacks', () => {
    expect(missingContent('final', { actions: 'x', impact: ' ' })).toEqual([
      'impact',
      'cause',
      'damage',
      'remediation',
      'lessons',
    ]);
    expect(missingContent('progress', { actions: 'x' })).toEqual([]);
  });
});
