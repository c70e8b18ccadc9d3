// Turns tsconfig "paths" into Jest's moduleNameMapper, so one alias table serves tsc, Jest and the workflow bundle.
function escape(s) { return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'); }
function pathsToModuleNameMapper(paths, prefix) {
  const out = {};
  for (const [alias, [target]] of Object.entries(paths)) {
    if (alias.endsWith('/*')) out[`^${escape(alias.slice(0, -2))}/(.*)$`] = prefix + target.replace('*', '$1');
    else out[`^${escape(alias)}$`] = prefix + target;
  }
  return out;
}
module.exports = { pathsToModuleNameMapper };
