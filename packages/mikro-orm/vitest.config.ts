import { packageTestConfig } from '../../vitest.shared.js';

// Database suites share Postgres and MariaDB with other packages' runs: one file at a time keeps them light.
export default packageTestConfig({ test: { fileParallelism: false } });
