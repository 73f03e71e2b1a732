/**
 * UI labels for kinds, roles, states, actions, hold reasons and outcomes in zh-CN, zh-TW and en,
 * plus server messages for the engine's error codes (pass LIFECYCLE_MESSAGES to addMessages).
 * A few states and actions read differently per kind ("completed" is 已完工 for a repair but
 * 已答复 for an enquiry); those go in the per-kind overrides.
 */
import type { Kind, Role } from './types';

export type LabelLocale = 'zh-CN' | 'zh-TW' | 'en';

export interface LifecycleLabels {
  kinds: Record<Kind, string>;
  roles: Record<Role, string>;
  states: Record<string, string>;
  actions: Record<string, string>;
  holdReasons: Record<string, string>;
  outcomes: Record<string, string>;
  stateOverrides: Partial<Record<Kind, Record<string, string>>>;
  actionOverrides: Partial<Record<Kind, Record<string, string>>>;
}

const zhCN: LifecycleLabels = {
  kinds: { repair: '报修', complaint: '投诉', enquiry: '咨询', suggestion: '建议', praise: '表扬', hazard: '隐患', renovation: '装修' },
  roles: {
    admin: '管理员', manager: '经理', supervisor: '主管', agent: '客服专员', front_desk: '前台', dispatcher: '调度',
    technician: '维修师傅', collector: '收费员', inspector: '秩序维护/安全员', qa: '质检专员', resident: '业主/住户',
  },
  states: {
    received: '待受理', awaiting_dispatch: '待派单', dispatched: '已派单', accepted: '已接单', on_site: '已到场',
    in_progress: '处理中', on_hold: '挂起', completed: '已完工', awaiting_payment: '待支付', awaiting_visit: '待回访',
    closed: '已关闭', cancelled: '已撤销',
    reported: '已上报', assigned: '已指派', rectifying: '整改中', awaiting_reinspection: '待复查',
    applied: '已申请', approved: '已审批', rejected: '已驳回', permitted: '已发证', working: '施工中', violation: '违规',
    awaiting_acceptance: '待验收', deposit_refunded: '押金已退',
  },
  actions: {
    create: '新建', acknowledge: '受理', dispatch: '派单', grab: '抢单', accept: '接单', arrive: '到场', start_work: '开始处理',
    hold: '挂起', resume: '恢复处理', complete: '完工', request_payment: '转待支付', confirm_payment: '确认收款',
    waive_payment: '免收费用', request_visit: '转回访', return_visit: '回访', close_without_visit: '免回访关闭',
    reopen: '重新打开', cancel: '撤销', transfer: '转单', hand_back: '退单', redispatch: '改派', chase: '催单', link_contact: '追加来电',
    inform_customer: '告知客户', handover_owner: '移交首问', answer: '直接答复', close: '关闭',
    assign: '指派整改', reassign: '改派', start_rectify: '开始整改', submit_rectification: '整改完成', reinspect: '复查',
    approve: '审批通过', reject: '驳回', collect_deposit: '收取押金', issue_permit: '发放许可证', start_works: '开工',
    inspect: '巡查', record_violation: '登记违规', issue_rectification_notice: '下发整改通知',
    verify_rectification: '整改复查', request_acceptance: '申请验收', accept_works: '竣工验收', refund_deposit: '退还押金',
  },
  holdReasons: { waiting_owner: '等待业主', waiting_parts: '等待配件', waiting_third_party: '等待第三方', weather: '天气原因', other: '其他' },
  outcomes: {
    satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意', pass: '合格', fail: '不合格',
    adopted: '采纳', partially_adopted: '部分采纳', not_adopted: '未采纳',
  },
  stateOverrides: {
    complaint: { completed: '处理完毕' },
    enquiry: { dispatched: '已转部门', completed: '已答复' },
    suggestion: { dispatched: '已转部门', completed: '已处理' },
    hazard: { closed: '已销项' },
    renovation: { closed: '已归档', cancelled: '已撤回', rectifying: '整改中' },
  },
  actionOverrides: {
    complaint: { accept: '接收处理', complete: '处理完毕' },
    enquiry: { dispatch: '转部门', complete: '部门答复', close: '告知后关闭' },
    suggestion: { answer: '答复并关闭', dispatch: '转部门', complete: '处理意见', close: '告知后关闭' },
    praise: { close: '登记并转达' },
    renovation: { close: '归档', cancel: '撤回申请' },
  },
};

const zhTW: LifecycleLabels = {
  kinds: { repair: '報修', complaint: '投訴', enquiry: '諮詢', suggestion: '建議', praise: '表揚', hazard: '隱患', renovation: '裝修' },
  roles: {
    admin: '管理員', manager: '經理', supervisor: '主管', agent: '客服專員', front_desk: '前台', dispatcher: '調度',
    technician: '維修師傅', collector: '收費員', inspector: '秩序維護/安全員', qa: '質檢專員', resident: '業主/住戶',
  },
  states: {
    received: '待受理', awaiting_dispatch: '待派單', dispatched: '已派單', accepted: '已接單', on_site: '已到場',
    in_progress: '處理中', on_hold: '掛起', completed: '已完工', awaiting_payment: '待支付', awaiting_visit: '待回訪',
    closed: '已關閉', cancelled: '已撤銷',
    reported: '已上報', assigned: '已指派', rectifying: '整改中', awaiting_reinspection: '待複查',
    applied: '已申請', approved: '已審批', rejected: '已駁回', permitted: '已發證', working: '施工中', violation: '違規',
    awaiting_acceptance: '待驗收', deposit_refunded: '押金已退',
  },
  actions: {
    create: '新建', acknowledge: '受理', dispatch: '派單', grab: '搶單', accept: '接單', arrive: '到場', start_work: '開始處理',
    hold: '掛起', resume: '恢復處理', complete: '完工', request_payment: '轉待支付', confirm_payment: '確認收款',
    waive_payment: '免收費用', request_visit: '轉回訪', return_visit: '回訪', close_without_visit: '免回訪關閉',
    reopen: '重新打開', cancel: '撤銷', transfer: '轉單', hand_back: '退單', redispatch: '改派', chase: '催單', link_contact: '追加來電',
    inform_customer: '告知客戶', handover_owner: '移交首問', answer: '直接答覆', close: '關閉',
    assign: '指派整改', reassign: '改派', start_rectify: '開始整改', submit_rectification: '整改完成', reinspect: '複查',
    approve: '審批通過', reject: '駁回', collect_deposit: '收取押金', issue_permit: '發放許可證', start_works: '開工',
    inspect: '巡查', record_violation: '登記違規', issue_rectification_notice: '下發整改通知',
    verify_rectification: '整改複查', request_acceptance: '申請驗收', accept_works: '竣工驗收', refund_deposit: '退還押金',
  },
  holdReasons: { waiting_owner: '等待業主', waiting_parts: '等待配件', waiting_third_party: '等待第三方', weather: '天氣原因', other: '其他' },
  outcomes: {
    satisfied: '滿意', basically_satisfied: '基本滿意', dissatisfied: '不滿意', pass: '合格', fail: '不合格',
    adopted: '採納', partially_adopted: '部分採納', not_adopted: '未採納',
  },
  stateOverrides: {
    complaint: { completed: '處理完畢' },
    enquiry: { dispatched: '已轉部門', completed: '已答覆' },
    suggestion: { dispatched: '已轉部門', completed: '已處理' },
    hazard: { closed: '已銷項' },
    renovation: { closed: '已歸檔', cancelled: '已撤回', rectifying: '整改中' },
  },
  actionOverrides: {
    complaint: { accept: '接收處理', complete: '處理完畢' },
    enquiry: { dispatch: '轉部門', complete: '部門答覆', close: '告知後關閉' },
    suggestion: { answer: '答覆並關閉', dispatch: '轉部門', complete: '處理意見', close: '告知後關閉' },
    praise: { close: '登記並轉達' },
    renovation: { close: '歸檔', cancel: '撤回申請' },
  },
};

const en: LifecycleLabels = {
  kinds: { repair: 'Repair', complaint: 'Complaint', enquiry: 'Enquiry', suggestion: 'Suggestion', praise: 'Praise', hazard: 'Hazard', renovation: 'Renovation' },
  roles: {
    admin: 'Administrator', manager: 'Manager', supervisor: 'Supervisor', agent: 'Agent', front_desk: 'Front desk', dispatcher: 'Dispatcher',
    technician: 'Technician', collector: 'Collector', inspector: 'Inspector', qa: 'Quality inspector', resident: 'Resident',
  },
  states: {
    received: 'Received', awaiting_dispatch: 'Awaiting dispatch', dispatched: 'Dispatched', accepted: 'Accepted', on_site: 'On site',
    in_progress: 'In progress', on_hold: 'On hold', completed: 'Completed', awaiting_payment: 'Awaiting payment', awaiting_visit: 'Awaiting return visit',
    closed: 'Closed', cancelled: 'Cancelled',
    reported: 'Reported', assigned: 'Assigned', rectifying: 'Rectifying', awaiting_reinspection: 'Awaiting re-inspection',
    applied: 'Applied', approved: 'Approved', rejected: 'Rejected', permitted: 'Permit issued', working: 'Works in progress', violation: 'Violation',
    awaiting_acceptance: 'Awaiting acceptance', deposit_refunded: 'Deposit refunded',
  },
  actions: {
    create: 'Create', acknowledge: 'Acknowledge', dispatch: 'Dispatch', grab: 'Grab', accept: 'Accept', arrive: 'Arrive', start_work: 'Start work',
    hold: 'Put on hold', resume: 'Resume', complete: 'Complete', request_payment: 'Request payment', confirm_payment: 'Confirm payment',
    waive_payment: 'Waive charge', request_visit: 'Send to return visit', return_visit: 'Return visit', close_without_visit: 'Close without visit',
    reopen: 'Reopen', cancel: 'Cancel', transfer: 'Transfer', hand_back: 'Hand back', redispatch: 'Re-dispatch', chase: 'Chased', link_contact: 'Contact added',
    inform_customer: 'Inform customer', handover_owner: 'Hand over ownership', answer: 'Answer and close', close: 'Close',
    assign: 'Assign', reassign: 'Reassign', start_rectify: 'Start rectification', submit_rectification: 'Submit rectification', reinspect: 'Re-inspect',
    approve: 'Approve', reject: 'Reject', collect_deposit: 'Collect deposit', issue_permit: 'Issue permit', start_works: 'Start works',
    inspect: 'Patrol check', record_violation: 'Record violation', issue_rectification_notice: 'Issue rectification notice',
    verify_rectification: 'Verify rectification', request_acceptance: 'Request acceptance', accept_works: 'Acceptance inspection', refund_deposit: 'Refund deposit',
  },
  holdReasons: { waiting_owner: 'Waiting for the owner', waiting_parts: 'Waiting for parts', waiting_third_party: 'Waiting for a third party', weather: 'Weather', other: 'Other' },
  outcomes: {
    satisfied: 'Satisfied', basically_satisfied: 'Mostly satisfied', dissatisfied: 'Dissatisfied', pass: 'Pass', fail: 'Fail',
    adopted: 'Adopted', partially_adopted: 'Partly adopted', not_adopted: 'Not adopted',
  },
  stateOverrides: {
    complaint: { completed: 'Handled' },
    enquiry: { dispatched: 'Forwarded', completed: 'Answered' },
    suggestion: { dispatched: 'Forwarded', completed: 'Handled' },
    hazard: { closed: 'Closed out' },
    renovation: { closed: 'Archived', cancelled: 'Withdrawn' },
  },
  actionOverrides: {
    complaint: { accept: 'Take on', complete: 'Mark handled' },
    enquiry: { dispatch: 'Forward', complete: 'Answer', close: 'Close after informing' },
    suggestion: { answer: 'Reply and close', dispatch: 'Forward', complete: 'Decide', close: 'Close after informing' },
    praise: { close: 'Record and pass on' },
    renovation: { close: 'Archive', cancel: 'Withdraw application' },
  },
};

export const LIFECYCLE_LABELS: Record<LabelLocale, LifecycleLabels> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };

export function stateLabel(locale: LabelLocale, kind: Kind, state: string): string {
  const l = LIFECYCLE_LABELS[locale];
  return l.stateOverrides[kind]?.[state] ?? l.states[state] ?? state;
}

export function actionLabel(locale: LabelLocale, kind: Kind, action: string): string {
  const l = LIFECYCLE_LABELS[locale];
  return l.actionOverrides[kind]?.[action] ?? l.actions[action] ?? action;
}

/** Messages for the engine's error codes ({param} placeholders, as src/core/i18n expects). */
export const LIFECYCLE_MESSAGES: Record<LabelLocale, Record<string, string>> = {
  'zh-CN': {
    'lifecycle.unknown_kind': '未知的工单类型：{kind}',
    'lifecycle.kind_mismatch': '工单类型 {kind} 与流程 {table} 不符',
    'lifecycle.unknown_action': '{kind} 工单没有操作 {action}',
    'lifecycle.version_conflict': '工单已被他人修改（版本 {actual}，您看到的是 {expected}），请刷新后重试',
    'lifecycle.transition_not_allowed': '当前状态（{state}）不能执行该操作（{action}）',
    'lifecycle.role_forbidden': '您的角色无权执行该操作（{action}）',
    'lifecycle.invalid_at': '操作时间无效：{value}',
    'lifecycle.reason_required': '请填写原因',
    'lifecycle.note_required': '请填写处理说明',
    'lifecycle.assignee_required': '请选择处理人',
    'lifecycle.same_assignee': '新处理人与当前处理人相同',
    'lifecycle.not_assignee': '只有当前处理人可以执行该操作',
    'lifecycle.self_inspection': '整改人不能复查自己的整改',
    'lifecycle.hold_reason_required': '请选择挂起原因（{allowed}）',
    'lifecycle.invalid_hold_reason': '挂起原因无效：{value}',
    'lifecycle.outcome_required': '请选择结果（{allowed}）',
    'lifecycle.not_owner': '只有首问人或主管可以告知客户',
    'lifecycle.already_informed': '已告知客户',
    'lifecycle.customer_not_informed': '请先告知客户处理结果',
    'lifecycle.new_owner_required': '请选择新的首问人',
    'lifecycle.same_owner': '新首问人与当前首问人相同',
    'lifecycle.not_reporter': '只能操作本人提交的事项',
    'lifecycle.too_late_to_cancel': '工单已派出，请联系客服中心撤销',
    'lifecycle.payment_required': '有偿维修须先收费（转待支付）',
    'lifecycle.not_a_paid_order': '该工单不是有偿维修',
    'lifecycle.nothing_to_pay': '费用已结清',
    'lifecycle.charge_required': '请填写维修费用（分）',
    'lifecycle.charge_on_free_order': '无偿维修不能填写费用',
    'lifecycle.invalid_amount': '金额无效',
    'lifecycle.amount_mismatch': '金额应为 {due} 分',
    'lifecycle.deposit_unpaid': '押金未缴清，尚欠 {due} 分',
    'lifecycle.deposit_already_paid': '押金已缴清',
    'lifecycle.deposit_held': '已收押金 {paid} 分，请走退押金流程',
    'lifecycle.refund_mismatch': '退还金额与扣除金额之和应为已收押金 {paid} 分',
  },
  'zh-TW': {
    'lifecycle.unknown_kind': '未知的工單類型：{kind}',
    'lifecycle.kind_mismatch': '工單類型 {kind} 與流程 {table} 不符',
    'lifecycle.unknown_action': '{kind} 工單沒有操作 {action}',
    'lifecycle.version_conflict': '工單已被他人修改（版本 {actual}，您看到的是 {expected}），請重新整理後重試',
    'lifecycle.transition_not_allowed': '目前狀態（{state}）不能執行該操作（{action}）',
    'lifecycle.role_forbidden': '您的角色無權執行該操作（{action}）',
    'lifecycle.invalid_at': '操作時間無效：{value}',
    'lifecycle.reason_required': '請填寫原因',
    'lifecycle.note_required': '請填寫處理說明',
    'lifecycle.assignee_required': '請選擇處理人',
    'lifecycle.same_assignee': '新處理人與目前處理人相同',
    'lifecycle.not_assignee': '只有目前處理人可以執行該操作',
    'lifecycle.self_inspection': '整改人不能複查自己的整改',
    'lifecycle.hold_reason_required': '請選擇掛起原因（{allowed}）',
    'lifecycle.invalid_hold_reason': '掛起原因無效：{value}',
    'lifecycle.outcome_required': '請選擇結果（{allowed}）',
    'lifecycle.not_owner': '只有首問人或主管可以告知客戶',
    'lifecycle.already_informed': '已告知客戶',
    'lifecycle.customer_not_informed': '請先告知客戶處理結果',
    'lifecycle.new_owner_required': '請選擇新的首問人',
    'lifecycle.same_owner': '新首問人與目前首問人相同',
    'lifecycle.not_reporter': '只能操作本人提交的事項',
    'lifecycle.too_late_to_cancel': '工單已派出，請聯絡客服中心撤銷',
    'lifecycle.payment_required': '有償維修須先收費（轉待支付）',
    'lifecycle.not_a_paid_order': '該工單不是有償維修',
    'lifecycle.nothing_to_pay': '費用已結清',
    'lifecycle.charge_required': '請填寫維修費用（分）',
    'lifecycle.charge_on_free_order': '無償維修不能填寫費用',
    'lifecycle.invalid_amount': '金額無效',
    'lifecycle.amount_mismatch': '金額應為 {due} 分',
    'lifecycle.deposit_unpaid': '押金未繳清，尚欠 {due} 分',
    'lifecycle.deposit_already_paid': '押金已繳清',
    'lifecycle.deposit_held': '已收押金 {paid} 分，請走退押金流程',
    'lifecycle.refund_mismatch': '退還金額與扣除金額之和應為已收押金 {paid} 分',
  },
  en: {
    'lifecycle.unknown_kind': 'Unknown order kind: {kind}',
    'lifecycle.kind_mismatch': 'Order kind {kind} does not match the {table} flow',
    'lifecycle.unknown_action': '{kind} orders have no action {action}',
    'lifecycle.version_conflict': 'Someone else changed this order (version {actual}, you saw {expected}); reload and retry',
    'lifecycle.transition_not_allowed': 'Action {action} is not possible in state {state}',
    'lifecycle.role_forbidden': 'Your role may not perform {action}',
    'lifecycle.invalid_at': 'Invalid action time: {value}',
    'lifecycle.reason_required': 'A reason is required',
    'lifecycle.note_required': 'Please describe what was done',
    'lifecycle.assignee_required': 'Choose an assignee',
    'lifecycle.same_assignee': 'The new assignee is the current one',
    'lifecycle.not_assignee': 'Only the current assignee may do this',
    'lifecycle.self_inspection': 'The person who rectified may not re-inspect their own work',
    'lifecycle.hold_reason_required': 'Choose a hold reason ({allowed})',
    'lifecycle.invalid_hold_reason': 'Invalid hold reason: {value}',
    'lifecycle.outcome_required': 'Choose an outcome ({allowed})',
    'lifecycle.not_owner': 'Only the first-contact owner or a supervisor may inform the customer',
    'lifecycle.already_informed': 'The customer has already been informed',
    'lifecycle.customer_not_informed': 'Inform the customer of the result first',
    'lifecycle.new_owner_required': 'Choose the new first-contact owner',
    'lifecycle.same_owner': 'The new owner is the current owner',
    'lifecycle.not_reporter': 'You can only act on requests you submitted',
    'lifecycle.too_late_to_cancel': 'The order has been dispatched; ask the service centre to cancel it',
    'lifecycle.payment_required': 'A paid repair must be paid first (request payment)',
    'lifecycle.not_a_paid_order': 'This is not a paid repair',
    'lifecycle.nothing_to_pay': 'Nothing is owed on this repair',
    'lifecycle.charge_required': 'Enter the charge (in fen)',
    'lifecycle.charge_on_free_order': 'A free repair has no charge',
    'lifecycle.invalid_amount': 'Invalid amount',
    'lifecycle.amount_mismatch': 'The amount should be {due} fen',
    'lifecycle.deposit_unpaid': 'Deposit not fully paid: {due} fen outstanding',
    'lifecycle.deposit_already_paid': 'The deposit has been paid',
    'lifecycle.deposit_held': 'A deposit of {paid} fen is held; refund it instead',
    'lifecycle.refund_mismatch': 'Refund plus deduction must equal the deposit paid ({paid} fen)',
  },
};
