import { describeSequelizeContracts } from './contracts.js';
import { dialects } from './databases.js';
import { describeMigration } from './migration.js';

for (const dialect of dialects) {
  describeSequelizeContracts(dialect);
  describeMigration(dialect);
}
