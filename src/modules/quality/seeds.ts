import type { ScorecardDef } from './core';

/** The starter scorecards (zh-CN): the property hotline and complaint handling. */
export const SEED_SCORECARDS: Array<{ key: string; name: string; description: string; definition: ScorecardDef }> = [
  {
    key: 'hotline',
    name: '物业热线通话质检表',
    description: '适用于客服热线来电与回访通话；满分 100，80 分合格；关键项扣分封顶 60 分，致命项扣分整单不合格。',
    definition: {
      passThreshold: 80,
      criticalCap: 60,
      sections: [
        {
          key: 'opening', label: '开场', items: [
            { key: 'greeting', label: '规范问候并报工号（三声内接起）', weight: 8, scale: 'yes_no', naAllowed: false, critical: false, fatal: false, rootCauses: ['未报工号', '问候语不规范', '接听超时'] },
            { key: 'verification', label: '核实来电人身份与房号', weight: 10, scale: 'yes_no', naAllowed: true, critical: true, fatal: false, rootCauses: ['未核实', '核实不完整'], guidance: '涉及账户、报修入户等须核实；纯咨询可选不适用' },
          ],
        },
        {
          key: 'handling', label: '受理与处理', items: [
            { key: 'listening', label: '耐心倾听，不打断，复述确认诉求', weight: 12, scale: 'scale5', naAllowed: false, critical: false, fatal: false, rootCauses: ['打断客户', '未复述确认'] },
            { key: 'accuracy', label: '信息准确（政策、收费、流程）', weight: 20, scale: 'points', maxPoints: 10, naAllowed: false, critical: true, fatal: false, rootCauses: ['知识不足', '系统信息错误', '口径不一致'] },
            { key: 'ownership', label: '首问负责：跟进到底，不推诿', weight: 15, scale: 'scale5', naAllowed: false, critical: false, fatal: false, rootCauses: ['推诿', '未建单', '未跟进'] },
            { key: 'time_promise', label: '明确承诺处理时限并记录', weight: 10, scale: 'yes_no', naAllowed: true, critical: false, fatal: false, rootCauses: ['未承诺时限', '承诺不切实际'] },
          ],
        },
        {
          key: 'closing', label: '结束与态度', items: [
            { key: 'closing', label: '规范结束语，确认无其他需求', weight: 8, scale: 'yes_no', naAllowed: false, critical: false, fatal: false, rootCauses: ['无结束语', '先于客户挂机'] },
            { key: 'attitude', label: '服务态度（语气、用语、情绪控制）', weight: 12, scale: 'scale5', naAllowed: false, critical: false, fatal: false, rootCauses: ['语气生硬', '情绪失控'] },
            { key: 'no_abuse', label: '无辱骂、顶撞客户或泄露业主信息', weight: 5, scale: 'yes_no', naAllowed: false, critical: false, fatal: true, guidance: '致命项：一旦违反整单不合格' },
          ],
        },
      ],
    },
  },
  {
    key: 'complaint',
    name: '投诉处理质检表',
    description: '适用于投诉来电与投诉工单的处理过程；满分 100，85 分合格。',
    definition: {
      passThreshold: 85,
      criticalCap: 60,
      sections: [
        {
          key: 'receive', label: '受理', items: [
            { key: 'empathy', label: '安抚情绪、表示理解', weight: 15, scale: 'scale5', naAllowed: false, critical: false, fatal: false, rootCauses: ['未安抚', '争辩'] },
            { key: 'facts', label: '完整记录事实（时间、地点、人员、诉求）', weight: 20, scale: 'points', maxPoints: 10, naAllowed: false, critical: true, fatal: false, rootCauses: ['记录不全', '诉求不清'] },
            { key: 'classify', label: '正确定级与分派', weight: 10, scale: 'yes_no', naAllowed: false, critical: false, fatal: false, rootCauses: ['定级错误', '派错部门'] },
          ],
        },
        {
          key: 'resolve', label: '处理与闭环', items: [
            { key: 'deadline', label: '告知处理时限并按时反馈', weight: 20, scale: 'yes_no', naAllowed: false, critical: true, fatal: false, rootCauses: ['未告知时限', '超时未反馈'] },
            { key: 'solution', label: '处理方案合理并征得客户认可', weight: 15, scale: 'scale5', naAllowed: true, critical: false, fatal: false, rootCauses: ['方案不当', '未征求意见'] },
            { key: 'callback', label: '处理后回访确认满意度', weight: 15, scale: 'yes_no', naAllowed: true, critical: false, fatal: false, rootCauses: ['未回访'] },
            { key: 'no_escalation_failure', label: '重大投诉按规定及时上报', weight: 5, scale: 'yes_no', naAllowed: true, critical: false, fatal: true, guidance: '致命项：重大投诉未上报' },
          ],
        },
      ],
    },
  },
];
