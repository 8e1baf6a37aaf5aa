import { describeSequelizeContracts } from '../test/contracts.js';
import { describeMigration } from '../test/migration.js';

describeSequelizeContracts('mariadb');
describeMigration('mariadb');
