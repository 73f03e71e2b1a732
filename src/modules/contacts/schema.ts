/** 来电来访记录 — every call, visit, letter, app message, night-room call and patrol finding. */
export const CONTACT_CHANNELS = ['phone', 'walk_in', 'letter', 'app', 'night_room', 'patrol'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** 咨询, 建议, 投诉, 公共报修, 户内报修, 其他服务, 表扬. */
export const CONTACT_CATEGORIES = ['enquiry', 'suggestion', 'complaint', 'public_repair', 'unit_repair', 'other', 'praise'] as const;
export type ContactCategory = (typeof CONTACT_CATEGORIES)[number];

export interface ContactTable {
  id: string;
  org_id: string;
  project_id: string;
  channel: ContactChannel;
  category: ContactCategory;
  occurred_at: string;
  caller_name: string | null;
  caller_phone: string | null;
  party_id: string | null;
  unit_id: string | null;
  summary: string;
  /** Answered on the spot (一次解决) rather than turned into an order. */
  handled_on_spot: number;
  order_id: string | null;
  /** 首问人: the staff member who logged it. */
  owner_id: string;
  created_at: string;
}

export interface ContactTables {
  contacts: ContactTable;
}
