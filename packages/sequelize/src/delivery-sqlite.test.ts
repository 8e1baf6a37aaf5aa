import { describeSequelizeDelivery } from '../test/delivery.js';

describeSequelizeDelivery('sqlite');
