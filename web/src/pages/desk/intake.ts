/**
 * Pure rules of the desk (受理台) that keep logging a contact to three actions: find the caller,
 * type what they said, choose "handled" or "to order". The category and the repair trade are
 * guessed from the words typed (the agent can always change them); the unit is chosen when the
 * caller has exactly one.
 */
import type { Party, PartyUnit } from '../../api';
import type { ContactCategory } from '../orders/api';

const has = (text: string, words: readonly string[]) => words.some((w) => text.includes(w));

// Keyword lists are domain vocabulary of Chinese service desks, matched against what the agent types.
const PRAISE = ['表扬', '感谢', '锦旗', '点赞', '谢谢'];
const SUGGESTION = ['建议', '希望增加', '希望增设', '能否增加', '可不可以'];
/** Words that make it a complaint whatever else is said. */
const COMPLAINT_STRONG = ['投诉', '态度', '扰民', '乱停', '乱放', '不拴绳', '不及时', '乱收费', '占用', '不满'];
const ENQUIRY = ['请问', '怎么', '哪里', '哪些', '什么时候', '多少', '吗', '？', '?', '咨询', '如何', '时间', '价格', '方式', '手续', '补办', '通知'];
const REPAIR_PROBLEM = ['漏', '坏', '修', '堵', '不亮', '跳闸', '停水', '停电', '裂', '渗', '故障', '不通', '卡住', '脱落', '松动', '异响', '没水', '没电', '打不开', '关不上', '关不严', '不出', '失灵', '停运', '闪烁', '不制冷', '不制热', '滴水', '空鼓', '破损', '返味'];
const EQUIPMENT = ['空调', '电梯', '灯', '水管', '马桶', '门锁', '插座', '热水器', '水龙头', '门禁', '窗户'];
/** Words that make it a complaint only when nothing points to a repair (an air conditioner's noise is a fault). */
const COMPLAINT_WEAK = ['噪音', '太吵', '堆放', '脏', '臭'];
const PUBLIC_PLACES = ['电梯', '楼道', '走廊', '车库', '大堂', '路灯', '公共', '地下室', '单元门', '门禁', '绿化', '小区', '消防', '屋面', '外墙', '停车场', '广场', '台阶', '雨水管', '化粪池'];
const IN_UNIT = ['家里', '家中', '室内', '户内', '厨房', '卫生间', '客厅', '卧室', '阳台', '我家', '房间', '入户'];

/**
 * Contact category (来电类别) suggested by the summary, or null when nothing points anywhere.
 * Tried in an order that settles the usual overlaps: praise and suggestions first, then clear
 * complaints, then questions (停水通知时间 is a question, not a repair), then faults.
 * A repair is in-unit (户内) when the words say so, public (公共) when they name a common area,
 * otherwise in-unit if the caller has a unit on file.
 */
export function guessCategory(summary: string, callerHasUnit: boolean): ContactCategory | null {
  const s = summary.trim();
  if (!s) return null;
  if (has(s, PRAISE)) return 'praise';
  if (has(s, SUGGESTION)) return 'suggestion';
  if (has(s, COMPLAINT_STRONG)) return 'complaint';
  if (has(s, ENQUIRY)) return 'enquiry';
  if (has(s, REPAIR_PROBLEM) || has(s, EQUIPMENT)) {
    if (has(s, IN_UNIT)) return 'unit_repair';
    if (has(s, PUBLIC_PLACES)) return 'public_repair';
    return callerHasUnit ? 'unit_repair' : 'public_repair';
  }
  if (has(s, COMPLAINT_WEAK)) return 'complaint';
  return null;
}

/** Trades in the order they are tried: specific words before generic ones (电梯 before 电). */
const TRADES: readonly [string, readonly string[]][] = [
  ['电梯', ['电梯']],
  ['空调', ['空调']],
  ['公共照明', ['灯', '照明']],
  // Shared pipes (rain, sewage, fire mains); a leaking pipe inside a flat is 水电.
  ['管道', ['雨水管', '化粪池', '消防管', '管道', '污水管', '排水管']],
  ['门窗', ['门', '窗', '锁']],
  ['土建', ['墙', '裂', '地砖', '地面', '瓷砖', '台阶', '空鼓', '屋顶', '吊顶']],
  ['水电', ['水', '电', '插座', '跳闸', '开关', '马桶', '渗', '漏', '堵']],
];

/**
 * Order category (维修类别, which decides the technician's skill) suggested by the summary. The
 * first trade whose words match decides; when the organisation has no such category there is no
 * guess (a lift fault must not fall through to 水电 because 电梯 contains 电).
 */
export function guessTrade(summary: string, categories: readonly string[]): string | null {
  const s = summary.trim();
  for (const [name, words] of TRADES) if (has(s, words)) return categories.includes(name) ? name : null;
  return null;
}

/** Units a caller lives in now (moved-out relations are history). */
export function currentUnits(parties: readonly Party[]): PartyUnit[] {
  const seen = new Set<string>();
  const out: PartyUnit[] = [];
  for (const p of parties)
    for (const u of p.units)
      if (!u.moveOutDate && !seen.has(u.unitId)) {
        seen.add(u.unitId);
        out.push(u);
      }
  return out;
}

/** The caller and unit to preselect: only when there is no choice to make. */
export function preselect(parties: readonly Party[]): { partyId: string | null; unit: PartyUnit | null } {
  const units = currentUnits(parties);
  const partyId = parties.length === 1 ? parties[0].id : null;
  if (units.length !== 1) return { partyId, unit: null };
  const owner = parties.find((p) => p.units.some((u) => u.unitId === units[0].unitId));
  return { partyId: partyId ?? owner?.id ?? null, unit: units[0] };
}

/** Digits of a phone number as typed ("138 0013-8000" → "13800138000"); what the lookup needs at least 3 of. */
export function phoneDigits(input: string): string {
  return input.replace(/\D/g, '');
}
