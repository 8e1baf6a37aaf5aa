// Postgres (127.0.0.1:5432) and MariaDB (127.0.0.1:3306): both ORMs' config files.
import { describeDeliveryCommands } from './support/describe-delivery-commands.js';

describeDeliveryCommands('sequelize', 'postgres');
describeDeliveryCommands('mikro-orm', 'postgres');
describeDeliveryCommands('sequelize', 'mariadb');
describeDeliveryCommands('mikro-orm', 'mariadb');
