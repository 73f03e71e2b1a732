import { Alert } from 'antd';

/** Server messages that belong to no single field, shown above the buttons. */
export function FormErrors({ messages }: { messages: string[] }) {
  if (!messages.length) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="form-errors"
      message={
        messages.length === 1 ? (
          messages[0]
        ) : (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {messages.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        )
      }
    />
  );
}

/**
 * Forms inside a modal have their buttons in the modal footer, outside the <form>; this keeps
 * Enter-to-submit working from any field.
 */
export function ImplicitSubmit() {
  return <button type="submit" tabIndex={-1} aria-hidden style={{ position: 'absolute', width: 1, height: 1, opacity: 0, pointerEvents: 'none', border: 0, padding: 0 }} />;
}
