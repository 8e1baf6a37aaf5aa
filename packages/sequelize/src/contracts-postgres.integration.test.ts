import { describeSequelizeContracts } from '../test/contracts.js';
import { describeMigration } from '../test/migration.js';

describeSequelizeContracts('postgres');
describeMigration('postgres');
