/**
 * The one loader of the signed-in app's chunk (layout/SignedInApp.tsx), shared by React.lazy in
 * App.tsx, main.tsx (pages other than the login) and the login form.
 */
import type { SessionUser } from '../api';

export const loadSignedInApp = () => import('./SignedInApp');

/**
 * Start fetching the signed-in app and the code of the screen about to open (no rendering): the
 * one at a path, or a user's home screen (the route registry knows it, so it is asked once loaded).
 */
export function preloadSignedIn(target?: string | SessionUser): void {
  void loadSignedInApp().then(
    (m) => {
      if (target) m.preloadScreen(typeof target === 'string' ? target : m.homePathFor(target));
    },
    () => undefined, // a failure shows up when the app renders
  );
}
