import { packageBuild } from '../../tsup.base.js';

export default packageBuild({
  entry: {
    index: 'src/index.ts',
    'sql/index': 'src/sql/index.ts',
    'adapter/index': 'src/adapter/index.ts',
    node: 'src/node.ts',
    // The two targets of the private `#runtime` import (package.json "imports"), which Node and
    // bundlers pick by condition; kept external so every entry shares the one that was picked.
    'runtime/node': 'src/runtime/node.ts',
    'runtime/default': 'src/runtime/default.ts',
  },
  external: ['#runtime'],
});
