/**
 * antd 5 renders its pop-up pieces (wave effect, static message/modal) through a render hook
 * that by default calls the legacy ReactDOM.render, which React 19 no longer has. Give it a
 * createRoot-based renderer instead.
 */
import { unstableSetRender } from 'antd';
import { createRoot, type Root } from 'react-dom/client';

type Host = (Element | DocumentFragment) & { __shouwenRoot?: Root };

unstableSetRender((node, container) => {
  const host = container as Host;
  host.__shouwenRoot ??= createRoot(host);
  const root = host.__shouwenRoot;
  root.render(node);
  return async () => {
    // Unmounting synchronously while React is rendering warns; let the current pass finish.
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    delete host.__shouwenRoot;
  };
});
