import { useEffect, useRef, type PointerEvent } from 'react';
import { Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * The customer's signature: a canvas drawn on with a finger, a stylus or the mouse (pointer
 * events cover all three). Reports a PNG data URL after each stroke, null when cleared.
 */
export function SignaturePad({ onChange, height = 180 }: { onChange: (png: string | null) => void; height?: number }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const drawn = useRef(false);

  // Sized to its box in device pixels so strokes stay sharp on a phone screen.
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const ratio = window.devicePixelRatio || 1;
    c.width = Math.round(c.clientWidth * ratio);
    c.height = Math.round(height * ratio);
    const g = c.getContext('2d');
    if (!g) return;
    g.scale(ratio, ratio);
    g.lineWidth = 2.5;
    g.lineCap = 'round';
    g.lineJoin = 'round';
    g.strokeStyle = '#111';
  }, [height]);

  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top] as const;
  };
  const down = (e: PointerEvent<HTMLCanvasElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    const g = e.currentTarget.getContext('2d');
    if (!g) return;
    drawing.current = true;
    const [x, y] = point(e);
    g.beginPath();
    g.moveTo(x, y);
  };
  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const g = e.currentTarget.getContext('2d');
    if (!g) return;
    const [x, y] = point(e);
    g.lineTo(x, y);
    g.stroke();
    drawn.current = true;
  };
  const up = () => {
    if (!drawing.current) return;
    drawing.current = false;
    if (drawn.current && canvas.current) onChange(canvas.current.toDataURL('image/png'));
  };
  const clear = () => {
    const c = canvas.current;
    c?.getContext('2d')?.clearRect(0, 0, c.width, c.height);
    drawn.current = false;
    onChange(null);
  };

  return (
    <div>
      <canvas
        ref={canvas}
        aria-label={t('techApp.completeDialog.signHere')}
        data-testid="signature-pad"
        style={{ width: '100%', height, border: '1px dashed #bfbfbf', borderRadius: 8, background: '#fff', touchAction: 'none', display: 'block' }}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerLeave={up}
        onPointerCancel={up}
      />
      <Flex justify="space-between" align="center" style={{ marginTop: 4 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('techApp.completeDialog.signHere')}
        </Typography.Text>
        <Button size="small" onClick={clear}>
          {t('techApp.completeDialog.clear')}
        </Button>
      </Flex>
    </div>
  );
}
