import { packageBuild } from '../../tsup.base.js';

export default packageBuild({ entry: ['src/index.ts', 'src/index.node.ts', 'src/sql/index.ts', 'src/node.ts'] });
