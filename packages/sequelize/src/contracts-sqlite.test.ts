import { describeSequelizeContracts } from '../test/contracts.js';

describeSequelizeContracts('sqlite');
