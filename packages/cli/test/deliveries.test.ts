// SQLite, with nothing else running: both ORMs' config files.
import { describeDeliveryCommands } from './support/describe-delivery-commands.js';

describeDeliveryCommands('sequelize', 'sqlite');
describeDeliveryCommands('mikro-orm', 'sqlite');
