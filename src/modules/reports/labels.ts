/** Names of KPIs, channels, categories and kinds in the three report languages. */
import type { Lang } from './narrative';

type L = Record<Lang, string>;
const l = (zh: string, tw: string, en: string): L => ({ 'zh-CN': zh, 'zh-TW': tw, en });

export const KPI_LABELS: Record<string, L> = {
  answer_rate: l('接通率', '接通率', 'Answer rate'),
  service_level: l('服务水平', '服務水準', 'Service level'),
  first_contact_resolution: l('一次解决率', '一次解決率', 'First-contact resolution'),
  callback_rate: l('回访率', '回訪率', 'Callback rate'),
  satisfaction: l('满意度', '滿意度', 'Satisfaction'),
  complaint_handling_rate: l('投诉处理率', '投訴處理率', 'Complaint handling rate'),
  on_time_rate: l('及时率', '及時率', 'On-time rate'),
  chase_rate: l('催单率', '催單率', 'Chase rate'),
  overdue_orders: l('超时工单', '逾時工單', 'Overdue orders'),
  arrears: l('欠费', '欠費', 'Arrears'),
  'on_time_rate.dispatch': l('及时派单率', '及時派單率', 'Dispatched on time'),
  collection_rate: l('收费率', '收費率', 'Collection rate'),
  household_collection_rate: l('户收费率', '戶收費率', 'Household collection rate'),
  survey_return_rate: l('问卷回收率', '問卷回收率', 'Survey return rate'),
  inspection_on_time_rate: l('巡检及时率', '巡檢及時率', 'Inspections on time'),
  hazard_closure_rate: l('隐患整改率', '隱患整改率', 'Hazards closed'),
  qa_pass_rate: l('质检合格率', '質檢合格率', 'QA pass rate'),
};

export const CHANNEL_LABELS: Record<string, L> = {
  phone: l('电话', '電話', 'Phone'),
  walk_in: l('来访', '來訪', 'Walk-in'),
  letter: l('信函', '信函', 'Letter'),
  app: l('线上', '線上', 'App'),
  night_room: l('夜间监控室', '夜間監控室', 'Night room'),
  patrol: l('巡查发现', '巡查發現', 'Patrol'),
};

export const CATEGORY_LABELS: Record<string, L> = {
  enquiry: l('咨询', '諮詢', 'Enquiries'),
  suggestion: l('建议', '建議', 'Suggestions'),
  complaint: l('投诉', '投訴', 'Complaints'),
  public_repair: l('公共报修', '公共報修', 'Public repairs'),
  unit_repair: l('户内报修', '戶內報修', 'In-unit repairs'),
  other: l('其他服务', '其他服務', 'Other services'),
  praise: l('表扬', '表揚', 'Praise'),
};

export const KIND_LABELS: Record<string, L> = {
  repair: l('报修', '報修', 'Repairs'),
  complaint: l('投诉', '投訴', 'Complaints'),
  enquiry: l('咨询', '諮詢', 'Enquiries'),
  suggestion: l('建议', '建議', 'Suggestions'),
  praise: l('表扬', '表揚', 'Praise'),
  hazard: l('隐患', '隱患', 'Hazards'),
  renovation: l('装修', '裝修', 'Renovations'),
};

/** The default dunning ladder (DESIGN.md §4: reminders on the 5th, 10th and 15th with a letter, measures on the 20th). */
export const DUNNING_STEP_LABELS: Record<string, L> = {
  reminder_1: l('第一次催缴提醒', '第一次催繳提醒', 'First reminder'),
  reminder_2: l('第二次催缴提醒', '第二次催繳提醒', 'Second reminder'),
  notice_letter: l('催缴通知书', '催繳通知書', 'Notice letter'),
  measures: l('采取措施（经公司批准）', '採取措施（經公司批准）', 'Measures (approved)'),
};

/** KPIs whose numerator and denominator are money in fen. */
export const MONEY_KPIS = new Set(['collection_rate', 'arrears']);

export function label(map: Record<string, L>, key: string, lang: Lang): string {
  return map[key]?.[lang] ?? key;
}

/** Fixed words of the documents. */
export const WORDS: Record<string, L> = {
  monthly: l('月度工作报告', '月度工作報告', 'Monthly work report'),
  bulletin: l('物业服务月报', '物業服務月報', 'Property service bulletin'),
  annual: l('年度工作总结', '年度工作總結', 'Year-end summary'),
  kpis: l('关键指标与目标', '關鍵指標與目標', 'KPIs against targets'),
  contacts: l('来电来访', '來電來訪', 'Calls and visits'),
  orders: l('工单', '工單', 'Work orders'),
  timeliness: l('时效', '時效', 'Timeliness'),
  service: l('回访与满意度', '回訪與滿意度', 'Return visits and satisfaction'),
  complaints: l('投诉', '投訴', 'Complaints'),
  collection: l('物业费收缴', '物業費收繳', 'Fee collection'),
  dunning: l('催缴', '催繳', 'Dunning'),
  inspections: l('巡检与隐患', '巡檢與隱患', 'Inspections and hazards'),
  renovations: l('装修管理', '裝修管理', 'Renovations'),
  ledgers: l('前台台账', '前台台帳', 'Front-desk ledgers'),
  calls: l('话务', '話務', 'Call centre'),
  highlights: l('亮点与问题', '亮點與問題', 'Highlights and problems'),
  plan: l('下月工作计划', '下月工作計劃', "Next month's plan"),
  planYear: l('来年工作计划（草案）', '來年工作計劃（草案）', "Next year's plan (draft)"),
  trends: l('逐月趋势', '逐月趨勢', 'Month by month'),
  yoy: l('同比', '同比', 'Year over year'),
  works: l('本月服务工作', '本月服務工作', 'Work done this month'),
  metric: l('指标', '指標', 'KPI'),
  value: l('本期', '本期', 'This period'),
  previous: l('上期', '上期', 'Previous'),
  lastYear: l('去年同期', '去年同期', 'Same period last year'),
  target: l('目标', '目標', 'Target'),
  gap: l('差距', '差距', 'Gap'),
  met: l('达成', '達成', 'Met'),
  missed: l('未达成', '未達成', 'Missed'),
  numden: l('分子 / 分母', '分子 / 分母', 'Numerator / denominator'),
  item: l('项目', '項目', 'Item'),
  count: l('数量', '數量', 'Count'),
  scope: l('范围', '範圍', 'Scope'),
  receivable: l('应收', '應收', 'Receivable'),
  received: l('实收', '實收', 'Received'),
  outstanding: l('欠费', '欠費', 'Outstanding'),
  rate: l('收费率', '收費率', 'Rate'),
  hhRate: l('户收费率', '戶收費率', 'Household rate'),
  owner: l('负责人', '負責人', 'Owner'),
  due: l('完成时间', '完成時間', 'Due'),
  status: l('状态', '狀態', 'Status'),
  month: l('月份', '月份', 'Month'),
  generated: l('生成时间', '生成時間', 'Generated'),
  draft: l('草稿', '草稿', 'Draft'),
  noData: l('本期无数据', '本期無資料', 'No data for this period'),
  noPlan: l('暂无计划事项', '暫無計劃事項', 'No plan items yet'),
};

export const w = (key: string, lang: Lang) => WORDS[key]?.[lang] ?? key;
