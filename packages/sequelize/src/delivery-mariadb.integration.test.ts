import { describeSequelizeDelivery } from '../test/delivery.js';

describeSequelizeDelivery('mariadb');
