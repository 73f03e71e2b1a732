/** The scheduling messages, loaded by the routes' register file and by the CLI commands alike. */
import { addMessages } from '../../core/i18n';

addMessages({
  'zh-CN': {
    'scheduling.invalid_input': '排班问题的输入有 {count} 处错误',
    'scheduling.contradictory_input': '排班约束互相矛盾（{count} 处），请检查上下限',
    'scheduling.busy': '求解任务已满（最多同时 {max} 个），请稍后再试',
    'what.solve_job': '求解任务',
    'scheduling.simulation_too_large': '仿真规模过大：预计 {calls} 通电话，上限 {max}；请减少区间或重复次数',
  },
  'zh-TW': {
    'scheduling.invalid_input': '排班問題的輸入有 {count} 處錯誤',
    'scheduling.contradictory_input': '排班約束互相矛盾（{count} 處），請檢查上下限',
    'scheduling.busy': '求解任務已滿（最多同時 {max} 個），請稍後再試',
    'what.solve_job': '求解任務',
    'scheduling.simulation_too_large': '模擬規模過大：預計 {calls} 通電話，上限 {max}；請減少區間或重複次數',
  },
  en: {
    'scheduling.invalid_input': 'The scheduling problem has {count} input errors',
    'scheduling.contradictory_input': 'The scheduling limits contradict each other ({count}); check the minimums and maximums',
    'scheduling.busy': 'Too many solves running (at most {max}); try again shortly',
    'what.solve_job': 'Solve job',
    'scheduling.simulation_too_large': 'Simulation too large: about {calls} calls expected, at most {max}; use fewer intervals or replications',
  },
});
