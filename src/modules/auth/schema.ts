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
}

/** Failed-login counter per username (known or not, so lock-out does not reveal which exist). */
export interface LoginThrottleTable {
  username: string;
  failures: number;
  locked_until: string | null;
  updated_at: string;
}

export interface AuthTables {
  users: UserTable;
  user_projects: UserProjectTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_throttle: LoginThrottleTable;
}
