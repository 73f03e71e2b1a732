import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Modal } from 'antd';
import { useTranslation } from 'react-i18next';

/** The browser's own QR reader where there is one (Chrome on Android); jsQR otherwise. */
interface Detector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
type DetectorCtor = new (opts: { formats: string[] }) => Detector;

type Decoder = (frame: ImageData) => string | null;

async function makeDecoder(): Promise<{ native: Detector } | { decode: Decoder }> {
  const Ctor = (globalThis as { BarcodeDetector?: DetectorCtor }).BarcodeDetector;
  if (Ctor) {
    try {
      return { native: new Ctor({ formats: ['qr_code'] }) };
    } catch {
      // Present but without QR support: fall back to jsQR.
    }
  }
  // Loaded only when the camera is opened, so it is not part of the first download.
  const { default: jsQR } = await import('jsqr');
  return { decode: (f) => jsQR(f.data, f.width, f.height, { inversionAttempts: 'dontInvert' })?.data ?? null };
}

/**
 * Point the phone's back camera at a checkpoint's QR label; the first code read is handed to
 * `onResult` and the camera is released. Needs https (or localhost) for camera access.
 */
export function CameraScanner({ open, onClose, onResult }: { open: boolean; onClose: () => void; onResult: (text: string) => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    let stream: MediaStream | null = null;
    let stopped = false;
    let timer: number | undefined;
    setError(null);
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    (async () => {
      if (!navigator.mediaDevices?.getUserMedia) throw new Error('unsupported');
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      if (stopped || !video.current) return;
      video.current.srcObject = stream;
      await video.current.play().catch(() => undefined);
      const reader = await makeDecoder();
      // About five frames a second: quick enough to feel instant, light on a phone's battery.
      const tick = async () => {
        if (stopped || !video.current) return;
        const v = video.current;
        let text: string | null = null;
        if (v.videoWidth) {
          if ('native' in reader) text = (await reader.native.detect(v).catch(() => []))[0]?.rawValue ?? null;
          else if (ctx) {
            // Decode a reduced frame: QR labels fill much of the view, and jsQR is linear in pixels.
            const scale = Math.min(1, 640 / Math.max(v.videoWidth, v.videoHeight));
            canvas.width = Math.round(v.videoWidth * scale);
            canvas.height = Math.round(v.videoHeight * scale);
            ctx.drawImage(v, 0, 0, canvas.width, canvas.height);
            text = reader.decode(ctx.getImageData(0, 0, canvas.width, canvas.height));
          }
        }
        if (stopped) return;
        if (text) onResult(text);
        else timer = window.setTimeout(() => void tick(), 200);
      };
      void tick();
    })().catch((e: unknown) => {
      if (stopped) return;
      const name = e instanceof Error ? e.name : '';
      setError(name === 'NotAllowedError' ? t('inspectApp.scan.denied') : t('inspectApp.scan.noCamera'));
    });
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, [open, onResult, t]);

  return (
    <Modal open={open} onCancel={onClose} title={t('inspectApp.scan.title')} footer={<Button onClick={onClose}>{t('inspectApp.scan.close')}</Button>} destroyOnClose width={420}>
      {error ? (
        <Alert type="warning" showIcon message={error} description={t('inspectApp.scan.typeInstead')} data-testid="camera-error" />
      ) : (
        <video ref={video} playsInline muted aria-label={t('inspectApp.scan.viewfinder')} style={{ width: '100%', borderRadius: 8, background: '#000', aspectRatio: '1 / 1', objectFit: 'cover' }} />
      )}
    </Modal>
  );
}
