import { useEffect, useMemo, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { Alert, Button, Flex, Input, InputNumber, Radio, Select, Space, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Answer, Answers, ScorecardDef, ScorecardItem } from './api';
import { allItems, clock, fraction, fullValue, isDeduction, localScore, problemsOf, scaleValues, valueForKey } from './qualityModel';

/**
 * A scorecard to fill in (or to read, `readOnly`). Keyboard first: the focused item takes its
 * scale's number keys, N marks it not applicable, ↑/↓ move, Enter saves (`onSubmit`). A deduction
 * opens the evidence fields (time in the recording or a quoted passage) and the root causes.
 */
export function ScoreSheet({
  def,
  answers,
  onChange,
  focused,
  onFocus,
  onSubmit,
  readOnly = false,
  showProblems = false,
  currentTime,
  lost,
  testId = 'qa-sheet',
}: {
  def: ScorecardDef;
  answers: Answers;
  onChange?: (next: Answers) => void;
  focused?: string | null;
  onFocus?: (key: string) => void;
  onSubmit?: () => void;
  readOnly?: boolean;
  showProblems?: boolean;
  /** Where the recording player is now (seconds), offered as the evidence time. */
  currentTime?: () => number | null;
  /** Points lost per item (from the server's result) for a read-only sheet. */
  lost?: Record<string, number>;
  testId?: string;
}) {
  const { t } = useTranslation();
  const items = useMemo(() => allItems(def), [def]);
  const problems = useMemo(() => new Map(problemsOf(def, answers).map((p) => [p.key, p.kind])), [def, answers]);
  const rows = useRef(new Map<string, HTMLDivElement>());
  const focusKey = focused ?? null;

  useEffect(() => {
    if (focusKey) rows.current.get(focusKey)?.scrollIntoView({ block: 'nearest' });
  }, [focusKey]);

  const set = (key: string, patch: Partial<Answer>) => {
    if (readOnly || !onChange) return;
    const prev = answers[key] ?? { value: null };
    onChange({ ...answers, [key]: { ...prev, ...patch } });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (readOnly) return;
    const target = e.target as HTMLElement;
    // Typing evidence or a note: the keys belong to the field.
    const typing = target.tagName === 'TEXTAREA' || (target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'radio') || !!target.closest('.ant-select, .ant-input-number');
    if (typing) {
      if (e.key === 'Enter' && target.tagName === 'INPUT' && (e.ctrlKey || e.metaKey)) onSubmit?.();
      return;
    }
    const idx = Math.max(0, items.findIndex((i) => i.key === focusKey));
    const item = items[idx];
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = items[Math.min(items.length - 1, Math.max(0, idx + (e.key === 'ArrowDown' ? 1 : -1)))];
      onFocus?.(next.key);
      return;
    }
    if (e.key === 'Enter') {
      e.preventDefault();
      onSubmit?.();
      return;
    }
    if (!item) return;
    if (e.key === 'n' || e.key === 'N') {
      if (item.naAllowed) {
        e.preventDefault();
        set(item.key, { value: null });
        advance(idx, null);
      }
      return;
    }
    const v = valueForKey(item, e.key);
    if (v !== undefined) {
      e.preventDefault();
      set(item.key, { value: v });
      advance(idx, v);
    }
  };
  // Full marks move on to the next item; a deduction stays so the evidence can be typed.
  const advance = (idx: number, v: number | null) => {
    const item = items[idx];
    if (v !== null && fraction(item, v) < 1) return;
    if (idx + 1 < items.length) onFocus?.(items[idx + 1].key);
  };

  const score = localScore(def, answers);

  return (
    <div tabIndex={readOnly ? undefined : 0} onKeyDown={onKeyDown} data-testid={testId} style={{ outline: 'none' }} aria-label={t('quality.field.scorecard')}>
      {!readOnly && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
          {t('quality.sheet.keys')}
        </Typography.Paragraph>
      )}
      {def.sections.map((s) => (
        <div key={s.key} style={{ marginBottom: 12 }}>
          <Typography.Text strong>{s.label}</Typography.Text>
          {s.items.map((it) => (
            <div
              key={it.key}
              ref={(el) => {
                if (el) rows.current.set(it.key, el);
              }}
              data-testid="qa-item"
              data-key={it.key}
              data-focused={focusKey === it.key ? '1' : '0'}
              onClick={() => onFocus?.(it.key)}
              style={{
                padding: '8px 10px',
                marginTop: 6,
                borderRadius: 6,
                border: `1px solid ${showProblems && problems.has(it.key) ? '#ff4d4f' : focusKey === it.key ? '#1677ff' : '#f0f0f0'}`,
                background: focusKey === it.key ? '#f0f7ff' : undefined,
              }}
            >
              <ItemRow item={it} answer={answers[it.key]} readOnly={readOnly} onSet={(p) => set(it.key, p)} currentTime={currentTime} lost={lost?.[it.key]} />
              {showProblems && problems.has(it.key) && (
                <Typography.Text type="danger" style={{ fontSize: 12 }}>
                  {t(`quality.sheet.problem.${problems.get(it.key)!}`)}
                </Typography.Text>
              )}
            </div>
          ))}
        </div>
      ))}
      <ScoreSummary def={def} score={score.score} passed={score.passed} critical={score.criticalFailed.length > 0} fatal={score.fatalFailed.length > 0} unanswered={score.unanswered.length} />
    </div>
  );
}

function ItemRow({ item, answer, readOnly, onSet, currentTime, lost }: { item: ScorecardItem; answer: Answer | undefined; readOnly: boolean; onSet: (p: Partial<Answer>) => void; currentTime?: () => number | null; lost?: number }) {
  const { t } = useTranslation();
  const deduction = isDeduction(item, answer);
  const label = (v: number) => (item.scale === 'yes_no' ? (v === 1 ? t('quality.sheet.yes') : t('quality.sheet.no')) : String(v));
  const options = [...scaleValues(item).map((v) => ({ value: String(v), label: label(v) })), ...(item.naAllowed ? [{ value: 'na', label: t('quality.sheet.na') }] : [])];
  const current = answer === undefined ? undefined : answer.value === null ? 'na' : String(answer.value);
  const flags: ReactNode[] = [];
  if (item.critical) flags.push(<Tag key="c" color="orange">{t('quality.sheet.critical')}</Tag>);
  if (item.fatal) flags.push(<Tag key="f" color="red">{t('quality.sheet.fatal')}</Tag>);

  return (
    <>
      <Flex wrap gap={8} justify="space-between" align="center">
        <div style={{ minWidth: 200, flex: 1 }}>
          <Typography.Text>{item.label}</Typography.Text> {flags}
          <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 4 }}>
            {t('quality.sheet.weight', { weight: item.weight })}
            {item.scale === 'points' ? ` · ${t('quality.field.points', { value: fullValue(item) })}` : ''}
          </Typography.Text>
          {item.guidance && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {item.guidance}
              </Typography.Text>
            </div>
          )}
        </div>
        {item.scale === 'points' && fullValue(item) > 5 ? (
          <Select
            size="small"
            style={{ width: 110 }}
            disabled={readOnly}
            value={current}
            options={options}
            onChange={(v: string) => onSet({ value: v === 'na' ? null : Number(v) })}
            data-testid="qa-item-select"
          />
        ) : (
          <Radio.Group size="small" optionType="button" buttonStyle="solid" disabled={readOnly} value={current} options={options} onChange={(e) => onSet({ value: e.target.value === 'na' ? null : Number(e.target.value) })} />
        )}
      </Flex>
      {deduction && (
        <div style={{ marginTop: 6 }}>
          {readOnly ? (
            <Space wrap size={4}>
              {lost !== undefined && lost > 0 && <Tag color="red">{t('quality.sheet.lost', { value: Math.round(lost * 100) / 100 })}</Tag>}
              {answer?.evidenceAt != null && <Tag>{t('quality.sheet.at', { clock: clock(answer.evidenceAt) })}</Tag>}
              {answer?.evidenceQuote && <Typography.Text italic>“{answer.evidenceQuote}”</Typography.Text>}
              {(answer?.rootCauses ?? []).map((c) => (
                <Tag key={c} color="gold">
                  {c}
                </Tag>
              ))}
            </Space>
          ) : (
            <Flex wrap gap={6}>
              <Space.Compact>
                <InputNumber
                  size="small"
                  min={0}
                  max={86_400}
                  placeholder={t('quality.sheet.evidenceAt')}
                  aria-label={t('quality.sheet.evidenceAt')}
                  value={answer?.evidenceAt ?? null}
                  onChange={(v) => onSet({ evidenceAt: v ?? null })}
                  style={{ width: 130 }}
                  data-testid="qa-evidence-at"
                />
                {currentTime && (
                  <Button
                    size="small"
                    onClick={() => {
                      const s = currentTime();
                      if (s !== null) onSet({ evidenceAt: Math.round(s) });
                    }}
                  >
                    {t('quality.sheet.useTime')}
                  </Button>
                )}
              </Space.Compact>
              <Input
                size="small"
                placeholder={t('quality.sheet.evidenceQuote')}
                aria-label={t('quality.sheet.evidenceQuote')}
                value={answer?.evidenceQuote ?? ''}
                onChange={(e) => onSet({ evidenceQuote: e.target.value })}
                style={{ flex: 1, minWidth: 160 }}
                maxLength={500}
                data-testid="qa-evidence-quote"
              />
              {item.rootCauses?.length ? (
                <Select
                  size="small"
                  mode="multiple"
                  allowClear
                  placeholder={t('quality.sheet.rootCauses')}
                  aria-label={t('quality.sheet.rootCauses')}
                  value={answer?.rootCauses ?? []}
                  options={item.rootCauses.map((c) => ({ value: c, label: c }))}
                  onChange={(v: string[]) => onSet({ rootCauses: v })}
                  style={{ minWidth: 180 }}
                  data-testid="qa-root-causes"
                />
              ) : null}
            </Flex>
          )}
        </div>
      )}
    </>
  );
}

/** The score as it stands, with what caps or fails it. */
export function ScoreSummary({ def, score, passed, critical, fatal, unanswered = 0 }: { def: ScorecardDef; score: number | null; passed: boolean | null; critical?: boolean; fatal?: boolean; unanswered?: number }) {
  const { t } = useTranslation();
  return (
    <Flex wrap gap={12} align="center" data-testid="qa-score">
      <Statistic title={t('quality.sheet.liveScore')} value={score ?? '—'} precision={score === null ? undefined : 2} valueStyle={{ color: passed ? '#389e0d' : '#cf1322' }} />
      <div>
        {passed !== null && <Tag color={passed ? 'green' : 'red'}>{passed ? t('quality.field.pass') : t('quality.field.fail')}</Tag>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('quality.sheet.threshold', { value: def.passThreshold })}
        </Typography.Text>
        {critical && !fatal && <Alert type="warning" showIcon style={{ marginTop: 4, padding: '2px 8px' }} message={t('quality.sheet.cap', { cap: def.criticalCap })} />}
        {fatal && <Alert type="error" showIcon style={{ marginTop: 4, padding: '2px 8px' }} message={t('quality.sheet.fatalHit')} />}
        {unanswered > 0 && (
          <div>
            <Typography.Text type="warning" style={{ fontSize: 12 }}>
              {t('quality.sheet.unanswered', { count: unanswered })}
            </Typography.Text>
          </div>
        )}
      </div>
    </Flex>
  );
}

/** Tags of the ways an evaluation stands. */
export function StateTag({ state }: { state: string }) {
  const { t } = useTranslation();
  const color: Record<string, string> = { assigned: 'default', scored: 'blue', notified: 'gold', acknowledged: 'green', disputed: 'red', closed: 'default' };
  return <Tag color={color[state]}>{t(`quality.state.${state}` as 'quality.state.assigned')}</Tag>;
}

export function PassTag({ passed }: { passed: boolean | null }) {
  const { t } = useTranslation();
  if (passed === null) return null;
  return <Tag color={passed ? 'green' : 'red'}>{passed ? t('quality.field.pass') : t('quality.field.fail')}</Tag>;
}
