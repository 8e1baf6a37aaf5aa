import { dialects } from './databases.js';
import { describeSequelizeDelivery } from './delivery.js';

for (const dialect of dialects) describeSequelizeDelivery(dialect);
