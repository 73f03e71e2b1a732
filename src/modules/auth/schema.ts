export type Role =
  | 'admin'
  | 'manager'
  | 'supervisor'
  | 'agent'
  | 'front_desk'
  | 'dispatcher'
  | 'technician'
  | 'collector'
  | 'inspector'
  | 'qa'
  | 'resident';

export interface UserTable {
  id: string;
  org_id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  /** Resident accounts are tied to one party; their data scope is that party's units. */
  party_id: string | null;
  phone: string | null;
  /** Technicians: comma-separated category skills (e.g. 水电,门窗). */
  skills: string | null;
  on_duty: number;
  active: number;
  locale: string | null;
  /** Set by dispatch (work-order module) for round-robin assignment. */
  last_assigned_at?: string | null;
  created_at: string;
  updated_at: string;
}

/** Data scope: the projects a staff user may see. Admins and org-wide managers have none and see all. */
export interface UserProjectTable {
  user_id: string;
  project_id: string;
  org_id: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie token; the token itself is never stored. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  /** Public reference shown in the session list (the id is the token's hash and is never sent out). */
  ref: string | null;
  address: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: string;
  org_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  expires_at: string | null;
  /** JSON array of permissions, narrower than the creator's role; null = the role's. */
  permissions: string | null;
}

/**
 * Failed-login counter per username and source address (known usernames or not, so lock-out does
 * not reveal which exist). Per address, so an attacker elsewhere cannot lock the real user out.
 */
export interface LoginThrottleTable {
  username: string;
  address: string;
  failures: number;
  locked_until: string | null;
  updated_at: string;
}

/** Every sign-in attempt: who was tried, from where, and how it ended. Never the password. */
export interface LoginEventTable {
  id: string;
  username: string;
  address: string;
  outcome: 'success' | 'failure' | 'locked' | 'inactive';
  at: string;
}

/** Who changed whose role, project scope, activity or password, and what it was before and after. */
export interface UserGrantAuditTable {
  id: string;
  org_id: string;
  actor_id: string | null;
  target_user_id: string;
  action: 'create' | 'update' | 'reset_password';
  before_json: string | null;
  after_json: string | null;
  at: string;
}

export interface AuthTables {
  users: UserTable;
  user_projects: UserProjectTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_throttle: LoginThrottleTable;
  login_events: LoginEventTable;
  user_grant_audit: UserGrantAuditTable;
}
