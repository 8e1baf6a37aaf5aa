import { packageTestConfig } from '../vitest.shared.js';

// Unit tests of the harness's own logic; the torture itself runs with `pnpm torture`.
export default packageTestConfig();
