/**
 * Front-desk ledgers (前台台账): visitors, vehicle access, parking permits, keys, mail / fax /
 * parcels, lost and found. Each row is open until its closing action (visitor leaves, vehicle
 * exits, key returned, item delivered or returned to its owner). Instants ISO-8601 UTC.
 */

interface LedgerRow {
  id: string;
  org_id: string;
  project_id: string;
  note: string | null;
  created_by: string;
  closed_by: string | null;
  created_at: string;
  updated_at: string;
}

/** 访客登记: who, whom, purpose, where waiting, in / out. ID numbers are kept masked only. */
export interface VisitorTable extends LedgerRow {
  visitor_name: string;
  visitor_phone: string | null;
  id_number_masked: string | null;
  party_size: number;
  host_unit_id: string | null;
  host_name: string | null;
  purpose: string;
  waiting_place: string | null;
  plate: string | null;
  entered_at: string;
  left_at: string | null;
  status: 'in' | 'out';
}

/** 车辆出入登记. */
export interface VehicleEntryTable extends LedgerRow {
  plate: string;
  kind: 'visitor' | 'resident' | 'delivery' | 'taxi' | 'construction' | 'other';
  driver_name: string | null;
  driver_phone: string | null;
  host_unit_id: string | null;
  purpose: string | null;
  entered_at: string;
  exited_at: string | null;
  fee_fen: number | null;
  /** The receipt booked for the fee on the project's income account (billing ledger). */
  fee_payment_id: string | null;
  fee_receipt_no: string | null;
  status: 'in' | 'out';
}

/** 停车证: a plate allowed in for a period (monthly pass, owner's space, temporary). */
export interface ParkingPermitTable extends LedgerRow {
  permit_no: string;
  plate: string;
  kind: 'monthly' | 'owned_space' | 'temporary';
  party_id: string | null;
  holder_name: string;
  unit_id: string | null;
  space_id: string | null;
  valid_from: string;
  valid_to: string;
  status: 'active' | 'revoked';
  revoked_at: string | null;
  revoke_reason: string | null;
}

/** 钥匙借还 (keys kept at the desk for owners, contractors, plant rooms). */
export interface KeyLoanTable extends LedgerRow {
  key_label: string;
  unit_id: string | null;
  borrower_name: string;
  borrower_phone: string | null;
  purpose: string | null;
  issued_at: string;
  due_back_at: string | null;
  returned_at: string | null;
  status: 'out' | 'returned';
}

/** 邮件 / 传真 / 包裹: received → (notified) → delivered and signed for (or returned to sender). */
export interface MailItemTable extends LedgerRow {
  kind: 'mail' | 'registered' | 'fax' | 'parcel';
  carrier: string | null;
  tracking_no: string | null;
  recipient_name: string;
  recipient_unit_id: string | null;
  recipient_phone: string | null;
  storage_place: string | null;
  received_at: string;
  notified_at: string | null;
  delivered_at: string | null;
  signed_by: string | null;
  status: 'received' | 'notified' | 'delivered' | 'returned';
}

/** 失物招领: found → returned to the owner (or disposed of after the keeping period). */
export interface LostItemTable extends LedgerRow {
  item: string;
  description: string | null;
  found_at: string;
  found_place: string;
  finder_name: string | null;
  storage_place: string | null;
  claimant_name: string | null;
  claimant_phone: string | null;
  claimant_id_masked: string | null;
  returned_at: string | null;
  disposed_at: string | null;
  status: 'found' | 'returned' | 'disposed';
}

export interface LedgersTables {
  visitors: VisitorTable;
  vehicle_entries: VehicleEntryTable;
  parking_permits: ParkingPermitTable;
  key_loans: KeyLoanTable;
  mail_items: MailItemTable;
  lost_items: LostItemTable;
}
