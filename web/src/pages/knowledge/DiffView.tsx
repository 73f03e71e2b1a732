import { Fragment } from 'react';
import { Empty, Space, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Diff, DiffPart } from './api';

function Parts({ parts, side }: { parts: DiffPart[]; side: 'old' | 'new' }) {
  const { token } = theme.useToken();
  return (
    <>
      {parts.map((p, i) =>
        p.op === 'equal' ? (
          <Fragment key={i}>{p.text}</Fragment>
        ) : (
          <span key={i} style={{ background: side === 'new' ? token.colorSuccessBgHover : token.colorErrorBgHover, textDecoration: side === 'old' ? 'line-through' : undefined }}>
            {p.text}
          </span>
        ),
      )}
    </>
  );
}

const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : Array.isArray(v) ? v.join('、') || '—' : String(v));

/** Two revisions side by side: changed fields, the title, and the body's hunks with character-level marks. */
export function DiffView({ diff }: { diff: Diff }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const same = !diff.title && !diff.body.length && !diff.fields.length;
  if (same) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('knowledge.diff.same')} />;
  const bg = { add: token.colorSuccessBg, del: token.colorErrorBg, equal: 'transparent' } as const;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="kb-diff">
      <Typography.Text type="secondary">{t('knowledge.diff.between', { from: diff.from.seq, to: diff.to.seq })}</Typography.Text>
      {diff.title && (
        <div>
          <Typography.Text strong>{t('knowledge.field.title')}</Typography.Text>
          <div>
            <Parts parts={diff.title.old} side="old" />
          </div>
          <div>
            <Parts parts={diff.title.new} side="new" />
          </div>
        </div>
      )}
      {diff.fields.length > 0 && (
        <table style={{ borderCollapse: 'collapse', width: '100%', fontSize: 13 }}>
          <tbody>
            {diff.fields.map((f) => (
              <tr key={f.field} style={{ borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
                <th style={{ textAlign: 'start', padding: 4, whiteSpace: 'nowrap' }}>{t(`knowledge.fieldName.${f.field}`, { defaultValue: f.field })}</th>
                <td style={{ padding: 4, textDecoration: 'line-through', color: token.colorTextSecondary }}>{show(f.before)}</td>
                <td style={{ padding: 4 }}>{show(f.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {diff.body.map((h, i) => (
        <div key={i} style={{ border: `1px solid ${token.colorBorderSecondary}`, borderRadius: 4, fontSize: 13, overflowX: 'auto' }}>
          <div style={{ background: token.colorFillAlter, padding: '2px 8px', color: token.colorTextSecondary }}>{t('knowledge.diff.hunk', { old: h.oldStart, new: h.newStart })}</div>
          {h.lines.map((l, j) => (
            <div key={j} style={{ display: 'flex', background: bg[l.op], whiteSpace: 'pre-wrap' }} data-op={l.op}>
              <span style={{ width: 36, flex: 'none', textAlign: 'end', paddingInlineEnd: 6, color: token.colorTextTertiary }}>{l.oldNo ?? ''}</span>
              <span style={{ width: 36, flex: 'none', textAlign: 'end', paddingInlineEnd: 6, color: token.colorTextTertiary }}>{l.newNo ?? ''}</span>
              <span style={{ width: 14, flex: 'none' }}>{l.op === 'add' ? '+' : l.op === 'del' ? '−' : ''}</span>
              <span style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{l.parts ? <Parts parts={l.parts} side={l.op === 'del' ? 'old' : 'new'} /> : l.text}</span>
            </div>
          ))}
        </div>
      ))}
    </Space>
  );
}
