import type { Locale } from '../locales';

/**
 * How the roster's coded values read to people, in each language: exports write these, and an
 * import reads them back (a roster exported in either language re-imports as it was).
 */
export const MEMBER_LABELS = {
  'zh-CN': {
    status: {
      active: '正常',
      retained: '保留会籍',
      transferring: '转会中',
      lapsed: '失效',
      exited: '已退会',
      expelled: '已除名',
      deceased: '已故',
    },
    employmentForm: { standard: '职工', gig: '新就业形态', flexible: '灵活就业' },
    jobType: {
      rider: '外卖骑手',
      courier: '快递员',
      ride_hailing: '网约车司机',
      truck_driver: '货车司机',
      domestic: '家政服务员',
      online_seller: '网络主播/网店',
      other: '其他',
    },
    gender: { male: '男', female: '女' },
  },
  en: {
    status: {
      active: 'Active',
      retained: 'Retained',
      transferring: 'Transferring',
      lapsed: 'Lapsed',
      exited: 'Exited',
      expelled: 'Expelled',
      deceased: 'Deceased',
    },
    employmentForm: { standard: 'Employee', gig: 'Gig / platform work', flexible: 'Flexible work' },
    jobType: {
      rider: 'Delivery rider',
      courier: 'Courier',
      ride_hailing: 'Ride-hailing driver',
      truck_driver: 'Truck driver',
      domestic: 'Domestic worker',
      online_seller: 'Streamer / online seller',
      other: 'Other',
    },
    gender: { male: 'Male', female: 'Female' },
  },
} satisfies Record<Locale, Record<string, Record<string, string>>>;

export type MemberLabelKind = keyof (typeof MEMBER_LABELS)['zh-CN'];

/** The label of a coded value in the reader's language; an unknown value is shown as it is. */
export function memberLabel(locale: Locale, kind: MemberLabelKind, value: string | null | undefined): string {
  if (!value) return '';
  return (MEMBER_LABELS[locale][kind] as Record<string, string>)[value] ?? value;
}

/** Every label of a kind, in both languages and lower case, to the value it stands for. */
export function valuesByLabel(kind: MemberLabelKind): Record<string, string> {
  const words: Record<string, string> = {};
  for (const labels of Object.values(MEMBER_LABELS)) {
    for (const [value, label] of Object.entries(labels[kind])) words[label.toLowerCase()] = value;
  }
  return words;
}
