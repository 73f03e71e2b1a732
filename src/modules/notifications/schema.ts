/** Transactional outbox: written in the same transaction as the change it announces. */
export interface OutboxTable {
  id: string;
  org_id: string;
  topic: string;
  /** Deduplication key: the same logical notification is written once. */
  dedupe_key: string;
  recipient_id: string | null;
  payload_json: string;
  created_at: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: string;
  claimed_until: string | null;
  sent_at: string | null;
  last_error: string | null;
}

export interface NotificationTables {
  outbox: OutboxTable;
}
