import { dialects } from './databases.js';
import { describeSequelizeEvents } from './events.js';

for (const dialect of dialects) describeSequelizeEvents(dialect);
