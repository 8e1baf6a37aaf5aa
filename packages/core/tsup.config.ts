import { packageBuild } from '../../tsup.base.js';

export default packageBuild({ entry: ['src/index.ts', 'src/index.node.ts', 'src/sql/index.ts', 'src/adapter/index.ts', 'src/node.ts'] });
