import { packageBuild } from '../../tsup.base.js';

// Only the runner-agnostic entry is built and published; `./contracts` (vitest) is workspace source.
export default packageBuild();
