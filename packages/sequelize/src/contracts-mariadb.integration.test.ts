import { describeSequelizeContracts } from '../test/contracts.js';

describeSequelizeContracts('mariadb');
