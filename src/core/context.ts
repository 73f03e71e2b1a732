import type { Config } from '../config';
import type { Store } from '../db';
import type { Secrets } from './secrets';

/** What every route and job needs: the store, the configuration and the secrets. */
export interface AppContext {
  store: Store;
  config: Config;
  secrets: Secrets;
}
