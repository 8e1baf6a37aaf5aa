import { describeSequelizeEvents } from '../test/events.js';

describeSequelizeEvents('postgres');
