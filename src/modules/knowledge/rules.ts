/**
 * The knowledge base's rules as pure functions: who sees an article, who may publish a revision,
 * when a revision serves, and the built-in synonyms. Queries and routes apply exactly these.
 */
import type { ArticleType, RevisionState, Visibility } from './schema';

/** Every editable field of an article; a revision stores a full snapshot of them. */
export interface ArticleFields {
  title: string;
  body: string;
  type: ArticleType;
  categories: string[];
  /** Empty = every project. */
  projectIds: string[];
  variantOf: string | null;
  tags: string[];
  synonyms: string[];
  ownerId: string;
  reviewDueOn: string | null;
  visibility: Visibility;
  publishAt: string | null;
  expireAt: string | null;
}

/** The caller as these rules see it. */
export interface Viewer {
  userId: string;
  isResident: boolean;
  /** Projects whose articles the viewer may see ('all' for organisation-wide staff). */
  projectIds: readonly string[] | 'all';
  canApprove: boolean;
  isAdmin: boolean;
}

export interface ArticleState {
  allProjects: boolean;
  projectIds: readonly string[];
  visibility: Visibility;
  published: boolean;
  publishAt: string | null;
  expireAt: string | null;
}

/** Published and inside its window: publishAt ≤ now < expireAt (either bound optional). */
export function isLive(a: Pick<ArticleState, 'published' | 'publishAt' | 'expireAt'>, now: string): boolean {
  if (!a.published) return false;
  if (a.publishAt && a.publishAt > now) return false;
  if (a.expireAt && a.expireAt <= now) return false;
  return true;
}

export function inProjects(a: Pick<ArticleState, 'allProjects' | 'projectIds'>, projects: readonly string[] | 'all'): boolean {
  if (a.allProjects || projects === 'all') return true;
  return a.projectIds.some((p) => projects.includes(p));
}

/**
 * Whether the viewer reads the article's published content. Residents: live, resident-visible,
 * of a project of their units (or all projects). Staff: live, any visibility, of their projects.
 * Approvers additionally see scheduled and expired articles of their projects (to manage them).
 */
export function seesPublished(v: Viewer, a: ArticleState, now: string): boolean {
  if (!inProjects(a, v.projectIds)) return false;
  if (v.isResident) return a.visibility === 'residents' && isLive(a, now);
  if (isLive(a, now)) return true;
  return a.published && v.canApprove;
}

/** Drafts (revisions not approved) are seen by their author and by approvers of the article's projects. */
export function seesRevision(v: Viewer, a: ArticleState, rev: { authorId: string; state: RevisionState }): boolean {
  if (v.isResident) return false;
  if (!inProjects(a, v.projectIds)) return false;
  if (rev.state === 'approved') return true;
  return rev.authorId === v.userId || v.canApprove;
}

/**
 * Who may approve (publish) or reject a submitted revision: a knowledge.approve role in the
 * article's projects, and not its own author — the four-eyes rule — except an administrator,
 * who may also publish their own (small organisations with one administrator).
 */
export function mayDecide(v: Viewer, rev: { authorId: string; state: RevisionState }): { ok: true } | { ok: false; code: string; status: 403 | 409 } {
  if (!v.canApprove) return { ok: false, status: 403, code: 'auth.forbidden' };
  if (rev.state !== 'submitted') return { ok: false, status: 409, code: 'knowledge.not_submitted' };
  if (rev.authorId === v.userId && !v.isAdmin) return { ok: false, status: 403, code: 'knowledge.own_revision' };
  return { ok: true };
}

/** "Outdated" flags since the published revision that put an article in the review queue. */
export const OUTDATED_FLAGS_FOR_REVIEW = 2;

/**
 * Built-in synonym groups (each word finds the others). Organisations add their own through the
 * synonyms endpoint; articles carry their own synonyms, indexed as keywords.
 */
export const DEFAULT_SYNONYMS: readonly (readonly string[])[] = [
  ['漏水', '渗水', '渗漏', '滴水'],
  ['电梯', '升降梯', '直梯'],
  ['物业费', '管理费', '物业管理费'],
  ['停水', '断水', '没水', '停自来水'],
  ['停电', '断电', '没电'],
  ['门禁卡', '门卡', '出入卡', '门禁'],
  ['停车', '泊车', '停放车辆'],
  ['车位', '停车位'],
  ['报修', '维修', '修理'],
  ['装修', '装潢', '施工'],
  ['快递', '包裹', '外卖'],
  ['宠物', '猫狗', '养狗', '养猫'],
  ['噪音', '噪声', '吵闹', '扰民'],
  ['投诉', '意见', '不满'],
  ['缴费', '交费', '付款', '支付'],
  ['发票', '收据', '开票'],
  ['保修', '质保', '保修期'],
  ['空调', '冷气'],
  ['下水道', '下水', '排水管'],
  ['堵塞', '堵了', '不通'],
  ['钥匙', '锁匙'],
  ['垃圾', '废弃物'],
  ['燃气', '煤气', '天然气'],
  ['业主', '住户', '居民'],
];
