import type { ReportKind } from './report';

export const REPORT_LANGUAGES = ['vi', 'en'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

/** The printed report's words, in Vietnamese (the default: the forms are Vietnamese) and English. */
export interface ReportLabels {
  locale: string;
  title: Record<ReportKind, string>;
  sections: {
    unit: string;
    incident: string;
    systems: string;
    times: string;
    indicators: string;
    response: string;
    final: string;
    timeline: string;
  };
  fields: Record<string, string>;
  times: Record<string, string>;
  legalClass: Record<string, string>;
  category: Record<string, string>;
  impact: Record<string, string>;
  /** What the audit trail's actions are called in the timeline. */
  actions: Record<string, string>;
  yes: string;
  no: string;
  drill: string;
  none: string;
  timeZoneNote: string;
}

export const REPORT_LABELS: Record<ReportLanguage, ReportLabels> = {
  vi: {
    locale: 'vi-VN',
    title: {
      initial: 'BÁO CÁO BAN ĐẦU SỰ CỐ AN TOÀN THÔNG TIN MẠNG',
      progress: 'BÁO CÁO DIỄN BIẾN XỬ LÝ SỰ CỐ AN TOÀN THÔNG TIN MẠNG',
      final: 'BÁO CÁO KẾT THÚC ỨNG CỨU SỰ CỐ AN TOÀN THÔNG TIN MẠNG',
    },
    sections: {
      unit: 'Đơn vị báo cáo',
      incident: 'Thông tin sự cố',
      systems: 'Hệ thống thông tin bị ảnh hưởng',
      times: 'Thời điểm',
      indicators: 'Dấu hiệu nhận biết (IoC)',
      response: 'Xử lý và yêu cầu hỗ trợ',
      final: 'Kết quả ứng cứu',
      timeline: 'Diễn biến',
    },
    fields: {
      reportingUnit: 'Đơn vị báo cáo',
      agency: 'Cơ quan, đơn vị bị sự cố',
      reportId: 'Số hiệu báo cáo',
      incidentId: 'Mã sự cố',
      createdAt: 'Thời điểm lập báo cáo',
      createdBy: 'Người lập',
      title: 'Tên sự cố',
      description: 'Mô tả',
      category: 'Loại sự cố',
      priority: 'Mức ưu tiên',
      legalClass: 'Phân loại',
      suspectedSerious: 'Nghi ngờ nghiêm trọng',
      impacts: 'Ảnh hưởng',
      detectionSource: 'Nguồn phát hiện',
      impact: 'Mức độ ảnh hưởng',
      actions: 'Các biện pháp đã thực hiện',
      helpRequested: 'Đề nghị hỗ trợ',
      cause: 'Nguyên nhân',
      damage: 'Thiệt hại',
      remediation: 'Khắc phục',
      lessons: 'Bài học kinh nghiệm',
      systemName: 'Tên hệ thống',
      securityLevel: 'Cấp độ',
      owner: 'Chủ quản',
      operator: 'Đơn vị vận hành',
      type: 'Loại',
      value: 'Giá trị',
      tlp: 'TLP',
      at: 'Thời điểm',
      action: 'Sự kiện',
      by: 'Người thực hiện',
    },
    times: {
      occurred: 'Xảy ra',
      detected: 'Phát hiện',
      reported: 'Báo cáo',
      contained: 'Ngăn chặn',
      closed: 'Kết thúc',
    },
    legalClass: { ordinary: 'Thông thường', serious: 'Nghiêm trọng' },
    category: {
      ddos: 'Tấn công từ chối dịch vụ (DDoS)',
      'malware-ransomware': 'Mã độc / mã độc tống tiền',
      intrusion: 'Xâm nhập trái phép',
      defacement: 'Thay đổi giao diện',
      phishing: 'Lừa đảo (phishing)',
      'data-leak': 'Lộ lọt dữ liệu',
      other: 'Khác',
    },
    impact: {
      outage: 'Gián đoạn dịch vụ',
      'secret-data-exposure': 'Lộ lọt dữ liệu bí mật',
      'unrecoverable-integrity-loss': 'Mất toàn vẹn không khôi phục được',
      'loss-of-control': 'Mất quyền điều khiển hệ thống',
      spreading: 'Lây lan',
      'confirmed-compromise': 'Đã xác nhận bị xâm phạm',
      limited: 'Ảnh hưởng hạn chế',
      'blocked-attempt': 'Tấn công đã bị chặn',
    },
    actions: {
      created: 'Tạo sự cố',
      updated: 'Cập nhật thông tin',
      transitioned: 'Chuyển trạng thái',
      commented: 'Ghi chú',
      'task-updated': 'Cập nhật nhiệm vụ',
      'alert-grouped': 'Gộp cảnh báo theo quy tắc',
      'alert-unlinked': 'Gỡ cảnh báo',
      dissolved: 'Huỷ gộp sự cố',
      'report-written': 'Lập báo cáo',
      'report-sent': 'Gửi báo cáo',
      'report-acknowledged': 'Báo cáo được xác nhận',
      'evidence-added': 'Thêm chứng cứ',
      'evidence-downloaded': 'Tải chứng cứ',
      'evidence-integrity-failed': 'Chứng cứ bị thay đổi',
      'sla-warning': 'Cảnh báo sắp quá hạn',
      'sla-breached': 'Quá hạn',
    },
    yes: 'Có',
    no: 'Không',
    drill: 'DIỄN TẬP — KHÔNG PHẢI SỰ CỐ THẬT',
    none: '(không có)',
    timeZoneNote: 'Thời gian theo giờ Việt Nam (UTC+7).',
  },
  en: {
    locale: 'en-GB',
    title: {
      initial: 'INITIAL CYBERSECURITY INCIDENT REPORT',
      progress: 'CYBERSECURITY INCIDENT PROGRESS REPORT',
      final: 'FINAL CYBERSECURITY INCIDENT RESPONSE REPORT',
    },
    sections: {
      unit: 'Reporting unit',
      incident: 'Incident',
      systems: 'Affected information systems',
      times: 'Times',
      indicators: 'Indicators of compromise',
      response: 'Response and help requested',
      final: 'Outcome',
      timeline: 'Timeline',
    },
    fields: {
      reportingUnit: 'Reporting unit',
      agency: 'Affected agency',
      reportId: 'Report number',
      incidentId: 'Incident id',
      createdAt: 'Report written',
      createdBy: 'Written by',
      title: 'Title',
      description: 'Description',
      category: 'Category',
      priority: 'Priority',
      legalClass: 'Legal class',
      suspectedSerious: 'Suspected serious',
      impacts: 'Impacts',
      detectionSource: 'Detection source',
      impact: 'Impact',
      actions: 'Actions taken',
      helpRequested: 'Help requested',
      cause: 'Root cause',
      damage: 'Damage',
      remediation: 'Remediation',
      lessons: 'Lessons learned',
      systemName: 'System',
      securityLevel: 'Security level',
      owner: 'Owner',
      operator: 'Operator',
      type: 'Type',
      value: 'Value',
      tlp: 'TLP',
      at: 'Time',
      action: 'Event',
      by: 'By',
    },
    times: {
      occurred: 'Occurred',
      detected: 'Detected',
      reported: 'Reported',
      contained: 'Contained',
      closed: 'Closed',
    },
    legalClass: { ordinary: 'Ordinary', serious: 'Serious' },
    category: {
      ddos: 'Denial of service (DDoS)',
      'malware-ransomware': 'Malware / ransomware',
      intrusion: 'Intrusion',
      defacement: 'Defacement',
      phishing: 'Phishing',
      'data-leak': 'Data leak',
      other: 'Other',
    },
    impact: {
      outage: 'Outage',
      'secret-data-exposure': 'Exposure of secret data',
      'unrecoverable-integrity-loss': 'Unrecoverable integrity loss',
      'loss-of-control': 'Loss of control',
      spreading: 'Spreading',
      'confirmed-compromise': 'Confirmed compromise',
      limited: 'Limited impact',
      'blocked-attempt': 'Blocked attempt',
    },
    actions: {
      created: 'Incident created',
      updated: 'Details updated',
      transitioned: 'State changed',
      commented: 'Comment',
      'task-updated': 'Task updated',
      'alert-grouped': 'Alert grouped by rule',
      'alert-unlinked': 'Alert unlinked',
      dissolved: 'Grouping undone',
      'report-written': 'Report written',
      'report-sent': 'Report sent',
      'report-acknowledged': 'Report acknowledged',
      'evidence-added': 'Evidence added',
      'evidence-downloaded': 'Evidence downloaded',
      'evidence-integrity-failed': 'Evidence altered',
      'sla-warning': 'Deadline near',
      'sla-breached': 'Deadline missed',
    },
    yes: 'Yes',
    no: 'No',
    drill: 'DRILL — NOT A REAL INCIDENT',
    none: '(none)',
    timeZoneNote: 'Times in Vietnam time (UTC+7).',
  },
};
