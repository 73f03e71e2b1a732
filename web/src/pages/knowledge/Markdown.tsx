import { Fragment, useMemo, type CSSProperties } from 'react';
import { theme } from 'antd';
import { parseMarkdown, splitMarks, type Inline } from './knowledgeModel';

function Inlines({ parts }: { parts: Inline[] }) {
  return (
    <>
      {parts.map((p, i) => {
        switch (p.kind) {
          case 'strong':
            return <strong key={i}>{p.text}</strong>;
          case 'em':
            return <em key={i}>{p.text}</em>;
          case 'code':
            return <code key={i}>{p.text}</code>;
          case 'link':
            return (
              <a key={i} href={p.href} target={p.href.startsWith('/') ? undefined : '_blank'} rel="noopener noreferrer">
                {p.text}
              </a>
            );
          default:
            return <Fragment key={i}>{p.text}</Fragment>;
        }
      })}
    </>
  );
}

function Lines({ lines }: { lines: Inline[][] }) {
  return (
    <>
      {lines.map((l, i) => (
        <Fragment key={i}>
          {i > 0 && <br />}
          <Inlines parts={l} />
        </Fragment>
      ))}
    </>
  );
}

/**
 * An article body: a small Markdown subset rendered as React elements (never as HTML), so an
 * article can hold neither script nor markup.
 */
export function Markdown({ source, style }: { source: string; style?: CSSProperties }) {
  const { token } = theme.useToken();
  const blocks = useMemo(() => parseMarkdown(source), [source]);
  const cell: CSSProperties = { border: `1px solid ${token.colorBorderSecondary}`, padding: '4px 8px', textAlign: 'start', verticalAlign: 'top' };
  return (
    <div style={{ lineHeight: 1.75, overflowWrap: 'anywhere', ...style }} data-testid="markdown">
      {blocks.map((b, i) => {
        switch (b.kind) {
          case 'heading': {
            // The page title is the h1; article headings start one level below.
            const Tag = (['h2', 'h3', 'h4', 'h5'] as const)[b.level - 1];
            return (
              <Tag key={i} style={{ fontSize: [18, 16, 15, 14][b.level - 1], margin: '12px 0 6px' }}>
                <Lines lines={b.lines} />
              </Tag>
            );
          }
          case 'paragraph':
            return (
              <p key={i} style={{ margin: '0 0 10px' }}>
                <Lines lines={b.lines} />
              </p>
            );
          case 'quote':
            return (
              <blockquote key={i} style={{ margin: '0 0 10px', paddingInlineStart: 12, borderInlineStart: `3px solid ${token.colorBorder}`, color: token.colorTextSecondary }}>
                <Lines lines={b.lines} />
              </blockquote>
            );
          case 'list': {
            const L = b.ordered ? 'ol' : 'ul';
            return (
              <L key={i} style={{ margin: '0 0 10px', paddingInlineStart: 22 }}>
                {b.items.map((it, j) => (
                  <li key={j}>
                    <Inlines parts={it} />
                  </li>
                ))}
              </L>
            );
          }
          case 'table':
            return (
              <div key={i} style={{ overflowX: 'auto', marginBottom: 10 }}>
                <table style={{ borderCollapse: 'collapse', minWidth: '60%' }}>
                  <thead>
                    <tr>
                      {b.head.map((c, j) => (
                        <th key={j} style={{ ...cell, background: token.colorFillAlter }}>
                          <Inlines parts={c} />
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {b.rows.map((r, j) => (
                      <tr key={j}>
                        {r.map((c, k) => (
                          <td key={k} style={cell}>
                            <Inlines parts={c} />
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
          default:
            return <hr key={i} style={{ border: 0, borderTop: `1px solid ${token.colorBorderSecondary}` }} />;
        }
      })}
    </div>
  );
}

/** Server-highlighted text (escaped, with <mark>) shown as text with only the matches marked. */
export function Highlighted({ html }: { html: string }) {
  const parts = useMemo(() => splitMarks(html), [html]);
  return (
    <>
      {parts.map((p, i) =>
        p.mark ? (
          <mark key={i} style={{ padding: 0, background: '#ffe58f' }}>
            {p.text}
          </mark>
        ) : (
          <Fragment key={i}>{p.text}</Fragment>
        ),
      )}
    </>
  );
}
